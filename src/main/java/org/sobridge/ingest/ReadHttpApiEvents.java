package org.sobridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The Segment-compatible HTTP API: reads the call(s) of {@code /v1/<type>} ({@link HttpApiEnvelope}) into the
 * same {@link IndexedEvent} list and {@link IngestReport} the webhook endpoint uses. The route sets the type
 * from the path in the exchange property {@link #TYPE}.
 */
public final class ReadHttpApiEvents implements Processor {

    public static final String TYPE = "segmentCallType";

    private final int maxBodyBytes;
    private final boolean dryRun;

    public ReadHttpApiEvents(int maxBodyBytes, boolean dryRun) {
        this.maxBodyBytes = maxBodyBytes;
        this.dryRun = dryRun;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = RawBody.of(exchange);
        if (body.length > maxBodyBytes) {
            throw new HttpProblem(413, "body of " + body.length + " bytes is over the limit of " + maxBodyBytes);
        }
        List<JsonNode> events = HttpApiEnvelope.events(EventEnvelope.parse(body), exchange.getProperty(TYPE, String.class));
        List<IndexedEvent> indexed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            indexed.add(new IndexedEvent(i, events.get(i)));
        }
        exchange.setProperty(IngestReport.PROPERTY, new IngestReport(events.size(), dryRun));
        exchange.getMessage().setBody(indexed);
    }
}
