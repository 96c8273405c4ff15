package org.sobridge.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sobridge.json.Json;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.KeyRefusals;

class WriteErrorResponseTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final WriteErrorResponse write = new WriteErrorResponse(new BridgeMetrics(() -> registry, List.of(), new KeyRefusals(), List.of()));

    static Throwable failure(String kind) {
        return switch (kind) {
            case "bad-json" -> HttpProblem.badRequest("body is not valid JSON: x");
            case "bad-key" -> HttpProblem.unauthorized("unknown write key");
            case "too-large" -> HttpProblem.tooLarge("body is over the limit of 10 bytes once decompressed");
            case "encoding" -> new HttpProblem(415, "unsupported Content-Encoding 'br'; send gzip or an uncompressed body");
            case "downstream" -> new RuntimeException(new ConnectException("refused"));
            default -> new IllegalStateException("a bug");
        };
    }

    /** failure | on a Segment HTTP API path | status | code. */
    @ParameterizedTest(name = "{0}, HTTP API {1} → {2} {3}")
    @CsvSource(delimiter = '|', value = {
        "bad-json|false|400|bad_request",
        "bad-json|true|400|bad_request",
        "bad-key|false|401|unauthorized",
        "bad-key|true|401|unauthorized",
        "too-large|false|413|payload_too_large",
        "too-large|true|400|payload_too_large",
        "encoding|true|415|unsupported_media_type",
        "downstream|false|503|unavailable",
        "downstream|true|503|unavailable",
        "bug|true|500|internal_error",
    })
    void everyErrorHasCodeAndMessageBesideError(String kind, boolean httpApi, int status, String code) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure(kind));
        if (httpApi) {
            exchange.setProperty(HttpApiToBatch.TYPE, "batch");
        }
        write.process(exchange);
        assertEquals(status, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class));
        assertEquals("application/json", exchange.getMessage().getHeader(Exchange.CONTENT_TYPE));
        JsonNode body = Json.mapper().readTree(exchange.getMessage().getBody(String.class));
        assertEquals(code, body.path("code").asText(), body.toString());
        assertEquals(body.path("error").asText(), body.path("message").asText(), body.toString());
        assertEquals(3, body.size(), body.toString());
    }
}
