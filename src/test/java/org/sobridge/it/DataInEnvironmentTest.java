package org.sobridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;
import org.sobridge.security.Hmac;

/** The new Data In keys, named sources included, are set by environment variables like every other key. */
class DataInEnvironmentTest {

    @Test
    void namedSourcesAndTagOptionsComeFromTheEnvironment() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(Map.of(
                "SEGMENT_SOURCES", "web",
                "SOURCE_WEB_SHARED_SECRET", "env-web-secret",
                "SOURCE_WEB_ONESIGNAL_APP_ID", "env-web-app",
                "ONESIGNAL_TAG_LIMIT", "2",
                "TRACK_EVENT_NAME_TAGS", "prefix",
                "ONESIGNAL_CUSTOM_EVENTS", "true"))) {
            bridge.awaitHealthy();
            String event = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Add to Cart\",\"messageId\":\"m\","
                    + "\"properties\":{\"brand\":\"R\",\"size\":2,\"color\":\"red\"}}";
            var response = RunningBridge.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + bridge.port() + "/v1/segment/web"))
                    .header("Content-Type", "application/json")
                    .header("X-Signature", Hmac.sha1Hex("env-web-secret", event.getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode answer = Json.mapper().readTree(response.body());
            assertEquals(Json.mapper().readTree("{\"method\":\"PATCH\",\"path\":\"/apps/env-web-app/users/by/external_id/u\","
                    + "\"body\":{\"properties\":{\"tags\":{\"add_to_cart_brand\":\"R\",\"add_to_cart_size\":\"2\"}}}}"),
                    answer.at("/requests/0"));
            assertEquals("add_to_cart_color", answer.at("/omittedTags/0/key").asText());
            assertEquals("/apps/env-web-app/custom_events", answer.at("/requests/1/path").asText());
            assertTrue(bridge.output().contains("BRIDGE_WRITE_KEYS is empty"));
        }
    }
}
