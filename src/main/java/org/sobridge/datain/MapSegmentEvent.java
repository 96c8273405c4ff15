package org.sobridge.datain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.config.SegmentSource;
import org.sobridge.datain.OneSignalRequest;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.IngestReport;
import org.sobridge.json.Json;
import org.sobridge.mapping.CustomEvents;
import org.sobridge.mapping.DataInResult;
import org.sobridge.mapping.EngageComputation;
import org.sobridge.mapping.OmittedKey;
import org.sobridge.mapping.SegmentToOneSignal;

/**
 * Maps one Segment event to the OneSignal calls it needs (body: {@code List<OneSignalRequest>}, empty when the
 * event is dropped). Drops and omitted keys are recorded in the request's {@link IngestReport}, and so are the
 * segment an Engage audience needs ({@link PendingSegment}) and, with custom events on, the track's custom event
 * ({@link PendingCustomEvent}); both are sent once the request's tags went out.
 */
public final class MapSegmentEvent implements Processor {

    /** Answer section listing custom events that were not sent, with the reason. */
    public static final String DROPPED_CUSTOM_EVENTS = "droppedCustomEvents";
    /** Status of an audience's segment that is not made because its key may not be a tag. */
    public static final String SEGMENT_NOT_CREATED = "not created";

    private final SegmentToOneSignal mapper;
    private final SegmentSources sources;
    private final boolean customEvents;

    public MapSegmentEvent(SegmentToOneSignal mapper, SegmentSources sources, boolean customEvents) {
        this.mapper = mapper;
        this.sources = sources;
        this.customEvents = customEvents;
    }

    @Override
    public void process(Exchange exchange) {
        IndexedEvent event = exchange.getMessage().getBody(IndexedEvent.class);
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        SegmentSource source = sources.of(exchange);
        String appId = source.appId();
        String messageId = event.messageId("messageId");
        DataInResult result = mapper.map(event.event());
        CustomEvents.Result customEvent = customEvents && "track".equals(event.event().path("type").asText())
                ? CustomEvents.map(event.event(), messageId, mapper.policy()) : null;
        List<OneSignalRequest> requests = new ArrayList<>();
        if (result instanceof DataInResult.Dropped dropped) {
            recordOmitted(report, event.index(), messageId, dropped.omitted());
            if (dropped.reason().equals(SegmentToOneSignal.NO_TAGS)) {
                refusedSegment(report, event);
            }
            if (dropped.reason().equals(SegmentToOneSignal.NO_TAGS) && customEvent instanceof CustomEvents.Event) {
                // no tags, but the custom event still goes: the event is delivered
                recordCustomEvent(report, appId, event, messageId, customEvent);
            } else {
                report.drop(event.index(), messageId, dropped.reason());
                if (dropped.reason().equals(SegmentToOneSignal.NO_TAGS)) {
                    recordCustomEvent(report, appId, event, messageId, customEvent);
                }
            }
        } else if (result instanceof DataInResult.TagUpdate update) {
            recordOmitted(report, event.index(), messageId, update.omitted());
            requests.addAll(OneSignalRequest.tagUpdates(event.index(), messageId, appId, update, event.event()));
            if (!refusedSegment(report, event)) {
                EngageComputation.of(event.event()).filter(EngageComputation::audience)
                        .ifPresent(audience -> report.await(new PendingSegment(appId, audience.key())));
            }
            recordCustomEvent(report, appId, event, messageId, customEvent);
        }
        exchange.getMessage().setBody(requests);
    }

    /**
     * An Engage audience whose key may not be a tag gets no segment (no user could match its filter on that tag):
     * the answer says so, once per request and audience. True when the event's audience was refused.
     */
    private boolean refusedSegment(IngestReport report, IndexedEvent event) {
        EngageComputation audience = EngageComputation.of(event.event()).filter(EngageComputation::audience)
                .orElse(null);
        String refusal = audience == null ? null : mapper.segmentRefusal(audience);
        if (refusal == null) {
            return false;
        }
        report.noteOnce(OneSignalSegmentCatalog.SEGMENTS, Json.mapper().createObjectNode()
                .put("name", audience.key()).put("status", SEGMENT_NOT_CREATED)
                .put("reason", "the audience key is not written as a tag: " + refusal));
        return true;
    }

    private static void recordCustomEvent(IngestReport report, String appId, IndexedEvent event, String messageId,
            CustomEvents.Result customEvent) {
        if (customEvent instanceof CustomEvents.Event ready) {
            report.await(new PendingCustomEvent(appId, event.index(), messageId, ready));
        } else if (customEvent instanceof CustomEvents.Dropped dropped) {
            report.note(DROPPED_CUSTOM_EVENTS, droppedEntry(event.index(), messageId, dropped.reason()));
        }
    }

    static ObjectNode droppedEntry(int index, String messageId, String reason) {
        ObjectNode entry = Json.mapper().createObjectNode().put("index", index);
        if (messageId != null) {
            entry.put("messageId", messageId);
        }
        return entry.put("reason", reason);
    }

    private static void recordOmitted(IngestReport report, int index, String messageId, List<OmittedKey> omitted) {
        for (OmittedKey key : omitted) {
            report.omit(index, messageId, key.key(), key.reason());
        }
    }
}
