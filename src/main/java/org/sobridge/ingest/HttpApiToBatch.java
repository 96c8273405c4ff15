package org.sobridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.json.Json;

/**
 * The Segment-compatible HTTP API: turns the body of {@code /v1/<type>} ({@link HttpApiEnvelope}) into the
 * {@code {"batch": [...]}} body the webhook's route reads, so both share reading, delivery and the answer. The
 * route sets the type from the path in the exchange property {@link #TYPE}.
 */
public final class HttpApiToBatch implements Processor {

    public static final String TYPE = "segmentCallType";

    /** The parsed body, kept by the first step that needs it (the write-key check may read the body's key). */
    private static final String PARSED = "segmentHttpApiJson";

    private final int maxBodyBytes;

    public HttpApiToBatch(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] body = RawBody.of(exchange);
        if (body.length > maxBodyBytes) {
            throw HttpProblem.tooLarge("body of " + body.length + " bytes is over the limit of " + maxBodyBytes);
        }
        List<JsonNode> events = HttpApiEnvelope.events(parsedBody(exchange), exchange.getProperty(TYPE, String.class));
        exchange.removeProperty(PARSED);
        ObjectNode batch = Json.mapper().createObjectNode();
        batch.putArray("batch").addAll(events);
        exchange.getMessage().setBody(Json.mapper().writeValueAsBytes(batch));
    }

    /** The request body as JSON, parsed once per request (400 when it is not JSON). */
    public static JsonNode parsedBody(Exchange exchange) {
        JsonNode parsed = exchange.getProperty(PARSED, JsonNode.class);
        if (parsed == null) {
            parsed = EventEnvelope.parse(RawBody.of(exchange));
            exchange.setProperty(PARSED, parsed);
        }
        return parsed;
    }
}
