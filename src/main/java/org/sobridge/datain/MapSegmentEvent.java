package org.sobridge.datain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.delivery.OneSignalRequest;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.IngestReport;
import org.sobridge.json.Json;
import org.sobridge.mapping.DataInResult;
import org.sobridge.mapping.OmittedKey;
import org.sobridge.mapping.PathSegment;
import org.sobridge.mapping.SegmentToOneSignal;

/**
 * Maps one Segment event to the OneSignal calls it needs (body: {@code List<OneSignalRequest>}, empty when the
 * event is dropped). Drops and omitted keys are recorded in the request's {@link IngestReport}.
 */
public final class MapSegmentEvent implements Processor {

    private final SegmentToOneSignal mapper;
    private final String appId;

    public MapSegmentEvent(SegmentToOneSignal mapper, String appId) {
        this.mapper = mapper;
        this.appId = appId;
    }

    @Override
    public void process(Exchange exchange) {
        IndexedEvent event = exchange.getMessage().getBody(IndexedEvent.class);
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        String messageId = event.messageId("messageId");
        DataInResult result = mapper.map(event.event());
        List<OneSignalRequest> requests = new ArrayList<>();
        if (result instanceof DataInResult.Dropped dropped) {
            recordOmitted(report, event.index(), messageId, dropped.omitted());
            report.drop(event.index(), messageId, dropped.reason());
        } else if (result instanceof DataInResult.TagUpdate update) {
            recordOmitted(report, event.index(), messageId, update.omitted());
            String path = "/apps/" + PathSegment.encode(appId) + "/users/by/external_id/"
                    + PathSegment.encode(update.userId());
            for (Map<String, String> chunk : update.chunks()) {
                ObjectNode body = Json.mapper().createObjectNode();
                ObjectNode tags = body.putObject("properties").putObject("tags");
                chunk.forEach(tags::put);
                requests.add(new OneSignalRequest(event.index(), messageId, "PATCH", path, body, event.event()));
            }
        }
        exchange.getMessage().setBody(requests);
    }

    private static void recordOmitted(IngestReport report, int index, String messageId, List<OmittedKey> omitted) {
        for (OmittedKey key : omitted) {
            report.omit(index, messageId, key.key(), key.reason());
        }
    }
}
