package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;
import org.sobridge.security.Hmac;

/** The bridge as its own process: secrets never reach the log, and SIGTERM loses nothing it answered 2xx for. */
class SecretsAndShutdownTest {

    static final String API_KEY = "os-api-key-SECRET-1111";
    static final String SHARED_SECRET = "shared-SECRET-2222";
    static final String WRITE_KEY = "write-key-SECRET-3333";
    static final String EVENTS_TOKEN = "events-token-SECRET-4444";
    static final String ADMIN_TOKEN = "admin-token-SECRET-5555";

    WireMockServer fake;

    @BeforeEach
    void startFake() {
        fake = new WireMockServer(wireMockConfig().dynamicPort());
        fake.start();
        fake.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}").withFixedDelay(50)));
        fake.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
    }

    @AfterEach
    void stopFake() {
        fake.stop();
    }

    Map<String, String> env() {
        String url = "http://127.0.0.1:" + fake.port();
        return Map.of("ONESIGNAL_API_URL", url, "ONESIGNAL_API_KEY", API_KEY, "ONESIGNAL_APP_ID", "app",
                "SEGMENT_SHARED_SECRET", SHARED_SECRET, "SEGMENT_API_URL", url, "SEGMENT_WRITE_KEY", WRITE_KEY,
                "ONESIGNAL_EVENTS_TOKEN", EVENTS_TOKEN, "BRIDGE_ADMIN_TOKEN", ADMIN_TOKEN,
                "DEAD_LETTER_DIR", "target/dead-letters-process-" + System.nanoTime(),
                "LOG_LEVEL", "DEBUG");
    }

    static HttpResponse<String> call(int port, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return RunningBridge.send(request.build());
    }

    static String identify(String userId) {
        return "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"messageId\":\"m-" + userId
                + "\",\"traits\":{\"plan\":\"pro\"}}";
    }

    static String signature(String body) {
        return Hmac.sha1Hex(SHARED_SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noSecretEverAppearsInTheLogEvenOnFailures() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(env()).awaitHealthy()) {
            String event = identify("u-1");
            assertEquals(200, call(bridge.port(), "/v1/segment", event, "X-Signature", signature(event)).statusCode());
            assertEquals(401, call(bridge.port(), "/v1/segment", event, "X-Signature", "bad").statusCode());
            String pushed = "{\"event\":{\"id\":\"e1\",\"kind\":\"message.push.clicked\",\"external_id\":\"u\"},\"message\":{}}";
            assertEquals(200, call(bridge.port(), "/v1/onesignal/events", pushed,
                    "Authorization", "Bearer " + EVENTS_TOKEN).statusCode());
            assertEquals(401, call(bridge.port(), "/v1/onesignal/events", pushed, "Authorization", "Bearer x").statusCode());
            fake.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(403).withBody("Access denied.")));
            fake.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(401)));
            String other = identify("u-2");
            assertEquals(503, call(bridge.port(), "/v1/segment", other, "X-Signature", signature(other)).statusCode());
            assertEquals(503, call(bridge.port(), "/v1/onesignal/events", pushed.replace("e1", "e2"),
                    "Authorization", "Bearer " + EVENTS_TOKEN).statusCode());
            assertEquals(400, call(bridge.port(), "/admin/replay", "x", "Authorization", "Bearer " + ADMIN_TOKEN,
                    "Content-Type", "application/x-ndjson").statusCode());

            var ready = BridgeProcess.get(bridge.managementPort(), "/observe/health/ready");
            assertEquals(503, ready.statusCode(), "a refused key makes readiness DOWN: " + ready.body());
            assertTrue(ready.body().contains("check ONESIGNAL_API_KEY"), ready.body());
            assertTrue(ready.body().contains("check SEGMENT_WRITE_KEY"), ready.body());
            assertEquals(200, BridgeProcess.get(bridge.managementPort(), "/observe/health/live").statusCode());

            String log = bridge.output();
            assertTrue(log.contains("OneSignal refused the API key"), "the failure is logged loudly");
            for (String secret : List.of(API_KEY, SHARED_SECRET, WRITE_KEY, EVENTS_TOKEN, ADMIN_TOKEN)) {
                assertFalse(log.contains(secret), "secret " + secret + " leaked into the log");
            }
            String basic = java.util.Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes());
            assertFalse(log.contains(basic), "the Basic header leaked into the log");
        }
    }

    @Test
    void sigtermDuringABurstLosesNothingThatWasAnswered2xx() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(env()).awaitHealthy()) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String event = identify("burst-" + i);
                calls.add(CompletableFuture.supplyAsync(() ->
                        call(bridge.port(), "/v1/segment", event, "X-Signature", signature(event))));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fake.getAllServeEvents().size() >= 5);
            bridge.process().destroy(); // SIGTERM
            int status = bridge.awaitExit(Duration.ofSeconds(60));
            assertTrue(status == 0 || status == 143, "clean exit on SIGTERM, not " + status + ":\n" + bridge.output());

            Set<String> answered = new HashSet<>();
            for (int i = 0; i < calls.size(); i++) {
                try {
                    HttpResponse<String> response = calls.get(i).get();
                    if (response.statusCode() == 200) {
                        answered.add("burst-" + i);
                    } else {
                        assertTrue(response.statusCode() == 503,
                                "answers during shutdown are 2xx or retryable: " + response.statusCode());
                    }
                } catch (ExecutionException refused) {
                    // the port was closed before this request got in: the sender retries it
                }
            }
            assertTrue(answered.size() >= 5, "some requests were in flight: " + answered.size());
            for (String user : answered) {
                fake.verify(1, patchRequestedFor(urlEqualTo("/apps/app/users/by/external_id/" + user)));
            }
        }
    }

    @Test
    void sigtermFlushesAPendingSegmentBatchBeforeAnswering() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(env());
        env.put("SEGMENT_FLUSH_MS", "20000");
        env.put("SEGMENT_LINGER_MS", "20000");
        try (BridgeProcess bridge = BridgeProcess.start(env).awaitHealthy()) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String event = "{\"event\":{\"id\":\"flush-" + i + "\",\"kind\":\"message.push.clicked\",\"external_id\":\"u\"},\"message\":{}}";
                calls.add(CompletableFuture.supplyAsync(() -> call(bridge.port(), "/v1/onesignal/events", event,
                        "Authorization", "Bearer " + EVENTS_TOKEN)));
            }
            // the three requests in flight, and their events in the open batch (not still on their way to it)
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> bridge.inflight("onesignal-ingest") >= 3
                    && bridge.metric("bridge_segment_events_waiting") >= 3);
            assertTrue(fake.getAllServeEvents().isEmpty(), "the batch is still waiting for its flush");
            bridge.process().destroy(); // SIGTERM long before the 20 s flush
            for (var call : calls) {
                HttpResponse<String> response = call.get();
                assertEquals(200, response.statusCode(), response.body());
            }
            int status = bridge.awaitExit(Duration.ofSeconds(60));
            assertTrue(status == 0 || status == 143, "clean exit on SIGTERM, not " + status + ":\n" + bridge.output());
            JsonNode batch = Json.mapper().readTree(fake.getAllServeEvents().get(0).getRequest().getBodyAsString());
            assertEquals(3, batch.get("batch").size());
        }
    }
}
