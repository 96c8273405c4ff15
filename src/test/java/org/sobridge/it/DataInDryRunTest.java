package org.sobridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/** Dry-run: segment creations and custom events are shown in the answer's requests like the tag PATCHes. */
class DataInDryRunTest {

    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        bridge = RunningBridge.start(Map.of(
                "onesignal.api-url", "http://127.0.0.1:" + RunningBridge.freePort(),
                "onesignal.app-id", "app-dry",
                "onesignal.custom-events", "true"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void audienceAndCustomEventCallsAreListedNotSent() throws Exception {
        String body = "[{\"type\":\"identify\",\"userId\":\"u-11\",\"traits\":{\"first_time_shopper\":true},"
                + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"first_time_shopper\"}}},"
                + "{\"type\":\"track\",\"userId\":\"u-7\",\"event\":\"Add to Cart\",\"messageId\":\"m-7\",\"properties\":{\"brand\":\"Rayban\"}}]";
        var response = bridge.post("/v1/segment", body);
        assertEquals(200, response.statusCode(), response.body());
        String key = UUID.nameUUIDFromBytes("segment-message:m-7".getBytes(StandardCharsets.UTF_8)).toString();
        assertEquals(json("{\"accepted\":2,\"dropped\":[],\"omittedTags\":[],\"dryRun\":true,\"requests\":["
                + "{\"method\":\"PATCH\",\"path\":\"/apps/app-dry/users/by/external_id/u-11\",\"body\":{\"properties\":{\"tags\":{\"first_time_shopper\":\"true\"}}}},"
                + "{\"method\":\"PATCH\",\"path\":\"/apps/app-dry/users/by/external_id/u-7\",\"body\":{\"properties\":{\"tags\":{\"brand\":\"Rayban\"}}}},"
                + "{\"method\":\"POST\",\"path\":\"/apps/app-dry/segments\",\"body\":{\"name\":\"first_time_shopper\","
                + "\"filters\":[{\"field\":\"tag\",\"key\":\"first_time_shopper\",\"relation\":\"=\",\"value\":\"true\"}]}},"
                + "{\"method\":\"POST\",\"path\":\"/apps/app-dry/custom_events\",\"body\":{\"events\":[{\"name\":\"Add to Cart\","
                + "\"external_id\":\"u-7\",\"properties\":{\"brand\":\"Rayban\"},\"idempotency_key\":\"" + key + "\"}]}}]}"),
                json(response.body()));
    }

    @Test
    void anAppIdNotSetIsShownAsNotSetNotAsAPlaceholderThatLooksUnresolved() throws Exception {
        try (RunningBridge unset = RunningBridge.start(Map.of(
                "onesignal.api-url", "http://127.0.0.1:" + RunningBridge.freePort(),
                "onesignal.app-id", "",
                "onesignal.custom-events", "true",
                "segment.sources", "web"))) {
            String body = "[{\"type\":\"identify\",\"userId\":\"u 1\",\"traits\":{\"vip\":true},"
                    + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}},"
                    + "{\"type\":\"track\",\"userId\":\"u 1\",\"event\":\"Bought\",\"messageId\":\"m-b\"}]";
            var response = unset.post("/v1/segment", body);
            assertEquals(200, response.statusCode(), response.body());
            List<String> paths = new ArrayList<>();
            json(response.body()).get("requests").forEach(r -> paths.add(r.get("method").asText() + " " + r.get("path").asText()));
            assertEquals(List.of(
                    "PATCH /apps/<ONESIGNAL_APP_ID not set>/users/by/external_id/u%201",
                    "POST /apps/<ONESIGNAL_APP_ID not set>/segments",
                    "POST /apps/<ONESIGNAL_APP_ID not set>/custom_events"), paths);

            var web = unset.post("/v1/segment/web", "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}");
            assertEquals(200, web.statusCode(), web.body());
            assertEquals("/apps/<SOURCE_WEB_ONESIGNAL_APP_ID not set>/users/by/external_id/u",
                    json(web.body()).at("/requests/0/path").asText());
        }
    }

    @Test
    void theHttpApiAcceptsRequestsWithoutAWriteKeyInDryRun() throws Exception {
        var response = bridge.post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"a\":1}}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, json(response.body()).get("accepted").asInt());
        assertEquals(2, json(response.body()).get("requests").size());
    }
}
