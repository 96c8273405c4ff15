package org.sobridge.dataout;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.IngestReport;
import org.sobridge.json.Json;
import org.sobridge.mapping.DataOutResult;
import org.sobridge.mapping.OneSignalToSegment;

/**
 * Maps one OneSignal message event to a Segment track call (body: {@link PendingTrack}), or records why it is
 * dropped (body: null). A track over Segment's 32 KB event limit is dropped too, and it also becomes a dead letter
 * (exchange property {@link #DEAD_LETTER}, written by the route before the request is answered): the event was
 * valid, only too large for Segment.
 */
public final class MapOneSignalEvent implements Processor {

    /** Segment's limit for one event. */
    public static final int MAX_EVENT_BYTES = 32 * 1024;
    /** Exchange property set to the dead letter of an event over {@link #MAX_EVENT_BYTES}. */
    public static final String DEAD_LETTER = "eventDeadLetter";

    private final OneSignalToSegment mapper;

    public MapOneSignalEvent(OneSignalToSegment mapper) {
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        IndexedEvent event = exchange.getMessage().getBody(IndexedEvent.class);
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        String eventId = event.event().path("event").path("id").asText(null);
        DataOutResult result = mapper.map(event.event());
        if (result instanceof DataOutResult.Dropped dropped) {
            report.drop(event.index(), eventId, dropped.reason());
            exchange.getMessage().setBody(null);
            return;
        }
        DataOutResult.Track track = (DataOutResult.Track) result;
        byte[] json = Json.mapper().writeValueAsBytes(track.track());
        int size = json.length;
        if (size > MAX_EVENT_BYTES) {
            // the stable part first: the metrics label the drop by the text before ':'
            String reason = "over Segment's 32 KB event limit: the track is " + size + " bytes, at most "
                    + MAX_EVENT_BYTES + " are accepted";
            report.drop(event.index(), eventId, reason);
            exchange.setProperty(DEAD_LETTER,
                    new DeadLetter(DeadLetter.DATA_OUT, reason, 0, 0, Instant.now(), event.event(), null));
            exchange.getMessage().setBody(null);
            return;
        }
        PendingTrack pending = new PendingTrack(event.index(), eventId, track.eventName(), track.track(), json,
                new CompletableFuture<>(), event.event());
        report.await(pending);
        exchange.getMessage().setBody(pending);
    }
}
