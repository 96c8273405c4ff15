package org.sobridge.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.json.Json;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 200 answer of a readable webhook request: accepted count, dropped events and why. Each drop is logged on
 * one line and every count goes to the metrics. On the Segment HTTP API paths (the exchange property
 * {@link HttpApiToBatch#TYPE} is set) the answer starts with {@code "success": true}, as Segment's API answers.
 */
public final class WriteIngestResponse implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WriteIngestResponse.class);

    private final BridgeMetrics metrics;
    private final boolean answerAfterDelivery;

    /**
     * @param answerAfterDelivery false with the Kafka transport: the request's events are only queued when it is
     *                            answered, and the consumer ({@code RecordDelivery}) counts their delivery
     */
    public WriteIngestResponse(BridgeMetrics metrics, boolean answerAfterDelivery) {
        this.metrics = metrics;
        this.answerAfterDelivery = answerAfterDelivery;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        // before the answer leaves: a retry that follows it at once must find the events delivered
        report.settle(true);
        logDrops(report);
        metrics.request(report, report.elapsed(), answerAfterDelivery);
        // a String: platform-http writes it in one go, while a byte[] takes its InputStream fallback, a pump through
        // the event loop that cost 10-20 % of the CPU per request
        ObjectNode answer = report.toJson();
        if (exchange.getProperty(HttpApiToBatch.TYPE) != null) {
            answer = Json.mapper().createObjectNode().put("success", true).setAll(answer);
        }
        exchange.getMessage().setBody(Json.mapper().writeValueAsString(answer));
    }

    /** One log line per dropped event, with its reason (and its direction, messageId and source). */
    public static void logDrops(IngestReport report) {
        for (IngestReport.Drop drop : report.dropped()) {
            try (LogContext ignored = LogContext.of(report.direction(), drop.messageId(), report.source())) {
                LOG.info("Dropped event {} of its request: {}", drop.index(), drop.reason());
            }
        }
    }
}
