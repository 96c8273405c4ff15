package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;
import org.sobridge.mapping.CustomEvents;

/**
 * The generated hostile bodies of {@link HostileInputTest}, sent to the Segment HTTP API and a named source with
 * every Data In option on: never a 5xx, and every call that reaches OneSignal is well formed.
 */
class HostileDataInTest {

    static WireMockServer fake;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        fake = new WireMockServer(wireMockConfig().dynamicPort());
        fake.start();
        fake.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        fake.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody("{\"total_count\":0,\"offset\":0,\"limit\":300,\"segments\":[]}")));
        fake.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        bridge = RunningBridge.start(Map.ofEntries(
                Map.entry("onesignal.api-url", "http://127.0.0.1:" + fake.port()),
                Map.entry("onesignal.api-key", "k"), Map.entry("onesignal.app-id", "app"),
                Map.entry("onesignal.custom-events", "true"), Map.entry("group.tags", "on"),
                Map.entry("flatten.nested", "on"), Map.entry("track.event-name-tags", "prefix"),
                Map.entry("segment.sources", "web"), Map.entry("source.web.onesignal-app-id", "app-web"),
                Map.entry("source.web.onesignal-api-key", "kw"), Map.entry("bridge.write-keys", "wk"),
                Map.entry("onesignal.user-write-interval-ms", "1"), Map.entry("bridge.dedupe-window-ms", "1")));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        fake.stop();
    }

    @Test
    void hostileBodiesOnTheNewEndpointsNeverGetA5xx() throws Exception {
        List<byte[]> bodies = HostileInputTest.hostileBodies(new Random(42L));
        String[] paths = {"/v1/batch", "/v1/track", "/v1/group", "/v1/segment/web"};
        String auth = "Basic " + Base64.getEncoder().encodeToString("wk:".getBytes(StandardCharsets.UTF_8));
        int accepted = 0;
        for (int i = 0; i < bodies.size(); i++) {
            String path = paths[i % paths.length];
            String[] odd = HostileInputTest.ODD_HEADERS[i % HostileInputTest.ODD_HEADERS.length];
            String[] headers = java.util.Arrays.copyOf(new String[] {"Authorization", auth}, 2 + odd.length);
            System.arraycopy(odd, 0, headers, 2, odd.length); // an odd Authorization replaces the write key
            HttpResponse<String> response = bridge.post(path, bodies.get(i), headers);
            assertTrue(response.statusCode() < 500,
                    "request " + i + " to " + path + " got " + response.statusCode() + ": " + response.body());
            if (response.statusCode() < 300) {
                accepted++;
            }
        }
        assertTrue(accepted > 0, "some hostile bodies are readable and answered 2xx");
        assertFalse(fake.getAllServeEvents().isEmpty(), "some of them reached OneSignal, and are checked below");
        for (ServeEvent served : fake.getAllServeEvents()) {
            String url = served.getRequest().getUrl();
            JsonNode body = Json.mapper().readTree(served.getRequest().getBodyAsString().isEmpty()
                    ? "{}" : served.getRequest().getBodyAsString());
            if (url.contains("/users/by/external_id/")) {
                HostileInputTest.assertWellFormedTagUpdate(body);
            } else if (url.endsWith("/custom_events")) {
                assertTrue(body.get("events").isArray() && !body.get("events").isEmpty(), body.toString());
                for (JsonNode event : body.get("events")) {
                    assertTrue(event.get("name").isTextual() && event.get("external_id").isTextual(), event.toString());
                    assertTrue(event.get("properties").isObject(), event.toString());
                    assertTrue(CustomEvents.size(event) <= CustomEvents.MAX_EVENT_BYTES, event.toString());
                }
            } else if (url.contains("/segments")) {
                assertTrue(url.startsWith("/apps/app/") || url.startsWith("/apps/app-web/"), url);
            }
        }
    }
}
