package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/**
 * At least 1000 generated bad requests to both ingest endpoints: every answer is 2xx (with drops) or 4xx, never
 * 5xx; the bridge stays healthy and its memory bounded; nothing malformed reaches a downstream.
 */
class HostileInputTest {

    static WireMockServer fake;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        fake = new WireMockServer(wireMockConfig().dynamicPort());
        fake.start();
        fake.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        fake.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
        String url = "http://127.0.0.1:" + fake.port();
        bridge = RunningBridge.start(Map.of(
                "onesignal.api-url", url, "onesignal.api-key", "k", "onesignal.app-id", "app",
                "segment.api-url", url, "segment.write-key", "wk", "segment.batch-size", "1",
                "onesignal.user-write-interval-ms", "1", "bridge.dedupe-window-ms", "1",
                // Data Out bodies that are not JSON are kept there
                "dead-letter.dir", "target/dead-letters-hostile-input"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        fake.stop();
    }

    /** Generated hostile bodies: seeded, so a failure can be reproduced. */
    static List<byte[]> hostileBodies(Random random) {
        List<byte[]> bodies = new ArrayList<>();
        String[] valid = {
            "{\"type\":\"identify\",\"userId\":\"u\",\"messageId\":\"m\",\"traits\":{\"a\":1,\"b\":\"x\"}}",
            "{\"event\":{\"id\":\"e\",\"kind\":\"message.push.clicked\",\"external_id\":\"u\"},\"message\":{\"id\":\"m\"}}",
        };
        Object[] oddValues = {"null", "true", "-1", "1e309", "1e999999999", "\"\"", "[]", "{}", "[[[[]]]]",
            "\"\\u0000\"", "\"\\ud800\"", "12345678901234567890123456789", "{\"$ref\":\"x\"}", "\"" + "é".repeat(300) + "\""};
        String[] fields = {"type", "userId", "traits", "properties", "messageId", "context", "event", "anonymousId",
            "batch", "events", "message", "kind", "external_id", "subscription_id", "id", "timestamp", "datetime"};
        for (int i = 0; i < 1000; i++) {
            String base = valid[i % 2];
            switch (i % 10) {
                case 0 -> { // random bytes
                    byte[] noise = new byte[1 + random.nextInt(2000)];
                    random.nextBytes(noise);
                    bodies.add(noise);
                }
                case 1 -> bodies.add(base.substring(0, random.nextInt(base.length())).getBytes(StandardCharsets.UTF_8));
                case 2, 3 -> { // a field with a wrong type, at top level and one level down
                    String field = fields[random.nextInt(fields.length)];
                    String value = oddValues[random.nextInt(oddValues.length)].toString();
                    String body = i % 2 == 0
                            ? "{\"type\":\"identify\",\"userId\":\"u" + i + "\",\"" + field + "\":" + value + ",\"traits\":{\"" + field + "\":" + value + "}}"
                            : "{\"event\":{\"id\":\"e" + i + "\",\"kind\":\"message.email.opened\",\"" + field + "\":" + value + "},\"message\":{\"" + field + "\":" + value + "}}";
                    bodies.add(body.getBytes(StandardCharsets.UTF_8));
                }
                case 4 -> {
                    int depth = 1000 + random.nextInt(9001);
                    bodies.add(("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8));
                }
                case 5 -> { // invalid UTF-8 inside a string
                    byte[] body = base.getBytes(StandardCharsets.UTF_8);
                    body[body.length / 2] = (byte) (0x80 + random.nextInt(0x40));
                    body[body.length / 2 + 1] = (byte) 0xFF;
                    bodies.add(body);
                }
                case 6 -> { // huge arrays
                    StringBuilder array = new StringBuilder("[");
                    int n = i % 500 == 6 ? 20_000 : 1000 + random.nextInt(2000);
                    for (int k = 0; k < n; k++) {
                        array.append(k == 0 ? "" : ",").append(random.nextBoolean() ? "1" : "{}");
                    }
                    bodies.add(array.append(']').toString().getBytes(StandardCharsets.UTF_8));
                }
                case 7 -> bodies.add(("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"s\":\""
                        + "x".repeat(i % 20 == 7 ? 5_000_000 : 100_000) + "\"}}").getBytes(StandardCharsets.UTF_8));
                case 8 -> bodies.add(("{\"batch\":[" + base + "," + "\"str\",7,null,[]," + base + "]}")
                        .getBytes(StandardCharsets.UTF_8));
                default -> bodies.add(new byte[0]);
            }
        }
        return bodies;
    }

    static final String[][] ODD_HEADERS = {
        {"Content-Type", "application/json"},
        {"Content-Type", "application/x-www-form-urlencoded"},
        {"Content-Type", "text/plain"},
        {"Content-Type", "application/json; charset=latin1"},
        {"Content-Type", "multipart/form-data; boundary=x"},
        {"Content-Type", "application/json", "X-Signature", "zz"},
        {"Content-Type", "application/json", "Authorization", "Bearer " + "A".repeat(5000)},
        {"Content-Type", "application/json", "CamelHttpUri", "http://example.invalid/"},
    };

    @Test
    void thousandsOfHostileRequestsNeverGetA5xxAndNothingMalformedGoesOut() throws Exception {
        Random random = new Random(20261129L);
        List<byte[]> bodies = hostileBodies(random);
        String[] paths = {"/v1/segment", "/v1/onesignal/events"};
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < bodies.size(); i++) {
            for (String path : paths) {
                HttpResponse<String> response = bridge.post(path, bodies.get(i),
                        ODD_HEADERS[(i + path.length()) % ODD_HEADERS.length]);
                assertTrue(response.statusCode() < 500,
                        "request " + i + " to " + path + " got " + response.statusCode() + ": " + response.body());
                if (response.statusCode() < 300) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        assertTrue(accepted > 0 && refused > 0,
                "the bodies are both readable (answered 2xx with drops) and refused (4xx): " + accepted + "/" + refused);

        bodies = null; // the generated bodies (a few hundred MB) are the test's, not the bridge's
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long used = runtime.totalMemory() - runtime.freeMemory();
        assertTrue(used < 512L * 1024 * 1024, "heap after the run stays bounded: " + used / (1024 * 1024) + " MB");
        String good = "{\"type\":\"identify\",\"userId\":\"after\",\"traits\":{\"ok\":true}}";
        assertEquals(200, bridge.post("/v1/segment", good).statusCode(), "still serving");

        for (ServeEvent served : fake.getAllServeEvents()) {
            JsonNode body = Json.mapper().readTree(served.getRequest().getBodyAsString());
            if (served.getRequest().getUrl().startsWith("/apps/")) {
                assertWellFormedTagUpdate(body);
            } else {
                assertEquals("/v1/batch", served.getRequest().getUrl());
                for (JsonNode track : body.get("batch")) {
                    assertEquals("track", track.get("type").asText());
                    assertTrue(track.get("event").isTextual() && track.get("messageId").isTextual());
                    assertTrue(track.has("userId") ^ track.has("anonymousId"), track.toString());
                    track.get("properties").fields().forEachRemaining(p ->
                            assertTrue(p.getValue().isTextual(), "property values are strings: " + track));
                }
            }
        }
    }

    static void assertWellFormedTagUpdate(JsonNode body) {
        assertEquals(1, body.size(), body.toString());
        JsonNode tags = body.get("properties").get("tags");
        assertTrue(tags.isObject() && tags.size() > 0 && tags.size() <= 100, body.toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            assertTrue(!tag.getKey().isBlank() && tag.getValue().isTextual(), "tags are non-empty keys with string values: " + body);
            assertTrue(tag.getValue().asText().length() <= 5_000_000);
        }
    }
}
