package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/** Data Out over real HTTP: OneSignal Event Streams → bridge → WireMock as Segment's HTTP Tracking API. */
class DataOutTest {

    static final String TOKEN = "events-token-123";
    static final String WRITE_KEY = "WK";

    static WireMockServer segment;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        segment = new WireMockServer(wireMockConfig().dynamicPort());
        segment.start();
        bridge = RunningBridge.start(Map.of(
                "segment.api-url", "http://127.0.0.1:" + segment.port(),
                "segment.write-key", WRITE_KEY,
                "onesignal.events-token", TOKEN,
                "segment.events", "Push Clicked,Email Opened,Push Sent",
                "segment.batch-size", "5",
                "segment.flush-ms", "30000",
                // long enough that the events of one request never miss each other's batch on a loaded machine
                "segment.linger-ms", "300",
                "segment.retry-delay-ms", "50",
                "bridge.read-timeout-ms", "2000",
                "dead-letter.dir", "target/dead-letters-data-out"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        segment.stop();
    }

    @BeforeEach
    void reset() {
        bridge.context().getRegistry().lookupByNameAndType("segmentCircuitBreaker",
                io.github.resilience4j.circuitbreaker.CircuitBreaker.class).reset();
        segment.resetAll();
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
    }

    static String event(String id, String kind, String externalId) {
        return "{\"event\":{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"timestamp\":1709287200,"
                + "\"datetime\":\"2024-03-01T10:00:00.000Z\",\"app_id\":\"app-123\",\"subscription_id\":\"sub-27\","
                + "\"subscription_device_type\":\"Android\",\"onesignal_id\":\"os-27\",\"external_id\":\"" + externalId + "\"},"
                + "\"message\":{\"id\":\"msg-5\",\"name\":\"Spring promo\",\"title\":\"20% off\",\"contents\":\"Today only\","
                + "\"template_id\":\"tpl-1\",\"type\":\"push\"},\"user\":{\"language\":\"en\"}}";
    }

    static HttpResponse<String> send(String body) {
        return bridge.post("/v1/onesignal/events", body, "Authorization", "Bearer " + TOKEN);
    }

    static List<JsonNode> batches() throws Exception {
        List<JsonNode> batches = new ArrayList<>();
        for (var served : segment.getAllServeEvents()) {
            batches.add(Json.mapper().readTree(served.getRequest().getBodyAsString()));
        }
        return batches;
    }

    @Test
    void pushClickBecomesATrackInOneBatchCallWithBasicAuth() throws Exception {
        var response = send(event("6c1e0f8e-1111-4a4a-9999-000000000027", "message.push.clicked", "u-27"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, Json.mapper().readTree(response.body()).get("accepted").asInt());
        String basic = "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes());
        segment.verify(1, postRequestedFor(urlEqualTo("/v1/batch"))
                .withHeader("Authorization", equalTo(basic))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"batch\":[{\"type\":\"track\",\"event\":\"Push Clicked\",\"userId\":\"u-27\","
                        + "\"messageId\":\"onesignal-6c1e0f8e-1111-4a4a-9999-000000000027\",\"timestamp\":\"2024-03-01T10:00:00.000Z\","
                        + "\"properties\":{\"userId\":\"u-27\",\"messageId\":\"msg-5\",\"campaign_id\":\"msg-5\",\"message_name\":\"Spring promo\","
                        + "\"message_title\":\"20% off\",\"message_contents\":\"Today only\",\"subscription_type\":\"Push\","
                        + "\"template_id\":\"tpl-1\",\"subscription_id\":\"sub-27\",\"device_type\":\"Android\",\"language\":\"en\","
                        + "\"message_type\":\"push\"},"
                        + "\"context\":{\"library\":{\"name\":\"segment-onesignal-bridge\",\"version\":\"${json-unit.any-string}\"},"
                        + "\"integration\":{\"name\":\"segment-onesignal-bridge\",\"version\":\"${json-unit.any-string}\"}}}]}")));
    }

    @Test
    void anonymousEventUsesTheSubscriptionId() throws Exception {
        assertEquals(200, send(event("e-28", "message.email.opened", "")).statusCode());
        JsonNode track = batches().get(0).get("batch").get(0);
        assertEquals("sub-27", track.get("anonymousId").asText());
        assertTrue(!track.has("userId"));
        assertEquals("Email Opened", track.get("event").asText());
    }

    @Test
    void eventsNotEnabledAreDroppedAndNotSent() throws Exception {
        var response = send("[" + event("e-1", "message.sms.sent", "u") + "," + event("e-2", "message.push.clicked", "u") + "]");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = Json.mapper().readTree(response.body());
        assertEquals(1, answer.get("accepted").asInt());
        assertEquals("event not enabled in SEGMENT_EVENTS: SMS Sent", answer.at("/dropped/0/reason").asText());
        assertEquals(1, batches().size());
        assertEquals(1, batches().get(0).get("batch").size());
    }

    @Test
    void unknownKindIsDroppedWithAReason() throws Exception {
        var response = send(event("e-x", "message.carrier.pigeon", "u"));
        assertEquals(200, response.statusCode());
        assertTrue(Json.mapper().readTree(response.body()).at("/dropped/0/reason").asText().contains("message.carrier.pigeon"));
        assertEquals(0, segment.getAllServeEvents().size());
    }

    @Test
    void aLoneRequestIsNotHeldForTheFlushInterval() {
        long start = System.nanoTime();
        assertEquals(200, send(event("e-alone", "message.push.clicked", "u")).statusCode());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 15_000, "nothing else joined the batch within SEGMENT_LINGER_MS, so it went (flush interval 30 s): " + tookMs + " ms");
    }

    @Test
    void eventsFromConcurrentRequestsShareBatches() throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        try {
            for (int i = 0; i < 20; i++) {
                String body = event("e-share-" + i, "message.push.clicked", "u-" + i);
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return send(body);
                }, pool));
            }
            go.countDown();
            for (var call : calls) {
                assertEquals(200, call.get().statusCode());
            }
        } finally {
            pool.shutdown();
        }
        int delivered = batches().stream().mapToInt(b -> b.get("batch").size()).sum();
        assertEquals(20, delivered);
        assertTrue(segment.getAllServeEvents().size() < 20,
                "concurrent requests share batch calls: " + segment.getAllServeEvents().size() + " calls for 20 events");
    }

    @Test
    void batchSizeSplitsLargeRequests() throws Exception {
        String body = IntStream.range(0, 12).mapToObj(i -> event("e-big-" + i, "message.push.sent", "u"))
                .collect(java.util.stream.Collectors.joining(",", "{\"events\":[", "]}"));
        var response = send(body);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(12, Json.mapper().readTree(response.body()).get("accepted").asInt());
        List<Integer> sizes = batches().stream().map(b -> b.get("batch").size()).sorted().toList();
        assertEquals(List.of(2, 5, 5), sizes);
    }

    @Test
    void segment500ThenSuccessDeliversOnce() throws Exception {
        segment.stubFor(post(urlEqualTo("/v1/batch")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
        segment.stubFor(post(urlEqualTo("/v1/batch")).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
        var response = send(event("e-retry", "message.push.clicked", "u"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2, segment.getAllServeEvents().size(), "one failure, one success");
        List<JsonNode> batches = batches();
        assertEquals(batches.get(0), batches.get(1), "the retry sends the same batch");
    }

    @Test
    void segmentDownAnswers503SoOneSignalRetries() throws Exception {
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(503)));
        var response = send(event("e-down", "message.push.clicked", "u"));
        assertEquals(503, response.statusCode(), response.body());
        assertEquals(4, segment.getAllServeEvents().size(), "first attempt plus 3 retries");
    }

    @Test
    void segment400DropsTheBatchWithSegmentsReason() throws Exception {
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(400)
                .withBody("{\"success\":false,\"message\":\"Invalid JSON\"}")));
        var response = send(event("e-400", "message.push.clicked", "u"));
        assertEquals(200, response.statusCode());
        JsonNode answer = Json.mapper().readTree(response.body());
        assertEquals(0, answer.get("accepted").asInt());
        assertEquals("Segment answered 400: Invalid JSON", answer.at("/dropped/0/reason").asText());
    }

    @Test
    void badOrMissingTokenIs401() throws Exception {
        String body = event("e-401", "message.push.clicked", "u");
        assertEquals(401, bridge.post("/v1/onesignal/events", body).statusCode());
        var wrong = bridge.post("/v1/onesignal/events", body, "Authorization", "Bearer nope");
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid bearer token", Json.mapper().readTree(wrong.body()).get("error").asText());
        assertEquals(0, segment.getAllServeEvents().size());
    }

    @Test
    void badJsonIs400() throws Exception {
        var response = send("{\"event\":");
        assertEquals(400, response.statusCode());
        assertTrue(Json.mapper().readTree(response.body()).has("error"));
    }
}
