package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/** Data In under faults: retries, Retry-After, circuit breaker, per-user rate, duplicates, dead letters, replay. */
class ReliabilityTest {

    static final String ADMIN = "admin-token-xyz";
    static final Path DEAD_LETTERS = Path.of("target", "reliability-dead-letters-" + System.nanoTime());

    static WireMockServer oneSignal;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort());
        oneSignal.start();
        bridge = RunningBridge.start(Map.ofEntries(
                Map.entry("onesignal.api-url", "http://127.0.0.1:" + oneSignal.port()),
                Map.entry("onesignal.api-key", "k"),
                Map.entry("onesignal.app-id", "app"),
                Map.entry("onesignal.retry-delay-ms", "20"),
                Map.entry("onesignal.user-write-interval-ms", "1000"),
                Map.entry("bridge.breaker-window", "4"),
                Map.entry("bridge.breaker-open-ms", "1500"),
                Map.entry("bridge.admin-token", ADMIN),
                Map.entry("segment.sources", "shop"),
                Map.entry("source.shop.onesignal-app-id", "shop-app"),
                Map.entry("source.shop.onesignal-api-key", "shop-key"),
                Map.entry("dead-letter.dir", DEAD_LETTERS.toString())));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        oneSignal.stop();
    }

    @BeforeEach
    void reset() {
        breaker().reset();
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
    }

    static CircuitBreaker breaker() {
        return bridge.context().getRegistry().lookupByNameAndType("oneSignalCircuitBreaker", CircuitBreaker.class);
    }

    static String identify(String userId, String messageId, String plan) {
        return "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"messageId\":\"" + messageId
                + "\",\"traits\":{\"plan\":\"" + plan + "\"}}";
    }

    static java.net.http.HttpResponse<String> send(String body) {
        return bridge.post("/v1/segment", body);
    }

    @Test
    void threeServerErrorsThenSuccessIsDeliveredOnce() throws Exception {
        oneSignal.stubFor(patch(anyUrl()).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("2"));
        oneSignal.stubFor(patch(anyUrl()).inScenario("flaky").whenScenarioStateIs("2")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("3"));
        oneSignal.stubFor(patch(anyUrl()).inScenario("flaky").whenScenarioStateIs("3")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        oneSignal.stubFor(patch(anyUrl()).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(202).withBody("{}")));

        var response = send(identify("u-retry", "m-retry-1", "pro"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, Json.mapper().readTree(response.body()).get("accepted").asInt());
        assertEquals(4, oneSignal.getAllServeEvents().size(), "three failures, then one success");
    }

    @Test
    void retryAfterIsHonoured() {
        oneSignal.stubFor(patch(anyUrl()).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("{\"errors\":[\"API rate limit exceeded\"],\"limit\":\"App ID\"}"))
                .willSetStateTo("ok"));
        oneSignal.stubFor(patch(anyUrl()).inScenario("limited").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(202).withBody("{}")));

        var response = send(identify("u-429", "m-429", "pro"));
        assertEquals(200, response.statusCode(), response.body());
        List<LoggedRequest> calls = oneSignal.findAll(patchRequestedFor(anyUrl()));
        assertEquals(2, calls.size());
        long waited = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        assertTrue(waited >= 2000, "waited " + waited + " ms after Retry-After: 2");
    }

    @Test
    void breakerOpensAfterFailuresAnswers503AtOnceAndClosesAfterRecovery() {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertEquals(503, send(identify("u-b" + i, "m-b" + i, "x")).statusCode());
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker().getState());
        int callsWhenOpened = oneSignal.getAllServeEvents().size();
        assertEquals(503, send(identify("u-b9", "m-b9", "x")).statusCode());
        assertEquals(callsWhenOpened, oneSignal.getAllServeEvents().size(), "open breaker: no call is made");

        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> send(identify("u-b10", "m-b10-" + System.nanoTime(), "x")).statusCode() == 200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    send(identify("u-b11", "m-b11-" + System.nanoTime(), "x"));
                    return breaker().getState() == CircuitBreaker.State.CLOSED;
                });
    }

    @Test
    void oneWritePerSecondPerUserHoldsUnderABurst() throws Exception {
        List<CompletableFuture<java.net.http.HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = identify("u-burst", "m-burst-" + i, "p" + i);
            burst.add(CompletableFuture.supplyAsync(() -> send(body)));
        }
        for (var call : burst) {
            assertEquals(200, call.get().statusCode());
        }
        List<LoggedRequest> calls = oneSignal.findAll(patchRequestedFor(urlEqualTo("/apps/app/users/by/external_id/u-burst")));
        // the updates that wait for the user's next turn merge into one write: at most one write now, one later
        assertTrue(calls.size() >= 1 && calls.size() <= 2, "merged writes: " + calls.size());
        List<Long> times = calls.stream().map(c -> c.getLoggedDate().getTime()).sorted().toList();
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i) - times.get(i - 1) >= 900, "writes for one user at least ~1 s apart: " + times);
        }
    }

    @Test
    void aRepeatedMessageIdIsDeliveredOnce() throws Exception {
        String event = identify("u-dup", "m-dup-1", "pro");
        assertEquals(200, send(event).statusCode());
        var again = send("[" + event + "," + identify("u-dup2", "m-dup-2", "pro") + "]");
        assertEquals(200, again.statusCode());
        JsonNode answer = Json.mapper().readTree(again.body());
        assertEquals(1, answer.get("accepted").asInt());
        assertTrue(answer.at("/dropped/0/reason").asText().startsWith("duplicate messageId"));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app/users/by/external_id/u-dup")));
    }

    @Test
    void anUndeliveredEventIsNotTakenForADuplicateWhenSegmentRetries() {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(500)));
        String event = identify("u-again", "m-again", "pro");
        assertEquals(503, send(event).statusCode());
        breaker().reset();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        var retry = send(event);
        assertEquals(200, retry.statusCode(), retry.body());
        assertTrue(retry.body().contains("\"accepted\":1"), retry.body());
    }

    @Test
    void permanentRefusalIsDeadLetteredAndReplayDeliversIt() throws Exception {
        oneSignal.stubFor(patch(urlEqualTo("/apps/app/users/by/external_id/ghost")).willReturn(aResponse()
                .withStatus(404).withBody("{\"errors\":[{\"code\":\"user-2\",\"title\":\"User not found\"}]}")));
        String event = identify("ghost", "m-ghost", "pro");
        assertEquals(200, send(event).statusCode());

        Path file = Awaitility.await().atMost(Duration.ofSeconds(10)).until(ReliabilityTest::deadLetterFile, f -> f != null);
        List<String> lines = Files.readAllLines(file);
        JsonNode letter = Json.mapper().readTree(lines.get(lines.size() - 1));
        assertEquals("segment-to-onesignal", letter.get("direction").asText());
        assertEquals(404, letter.get("status").asInt());
        assertEquals("OneSignal answered 404: User not found", letter.get("reason").asText());
        assertEquals(1, letter.get("attempts").asInt());
        assertEquals(Json.mapper().readTree(event), letter.get("event"));
        assertTrue(letter.get("time").asText().endsWith("Z"));

        // the user now exists: a replay delivers the event through the normal path
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        String ndjson = String.join("\n", lines) + "\n";
        var unauthorized = replay(ndjson, "wrong");
        assertEquals(401, unauthorized.statusCode());
        var replayed = replay(ndjson, ADMIN);
        assertEquals(200, replayed.statusCode(), replayed.body());
        assertEquals(0, Json.mapper().readTree(replayed.body()).get("failed").asInt(), replayed.body());
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app/users/by/external_id/ghost"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"plan\":\"pro\"}}}")));
    }

    @Test
    void aDeadLetterOfANamedSourceIsReplayedToThatSourcesApp() throws Exception {
        oneSignal.stubFor(patch(urlEqualTo("/apps/shop-app/users/by/external_id/ghost2")).willReturn(aResponse()
                .withStatus(404).withBody("{\"errors\":[{\"title\":\"User not found\"}]}")));
        assertEquals(200, bridge.post("/v1/segment/shop", identify("ghost2", "m-ghost2", "gold")).statusCode());
        Path file = Awaitility.await().atMost(Duration.ofSeconds(10)).until(ReliabilityTest::deadLetterFile, f -> f != null);
        String line = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> Files.readAllLines(file).stream().filter(l -> l.contains("ghost2")).findFirst().orElse(null),
                l -> l != null);
        assertEquals("shop", Json.mapper().readTree(line).get("source").asText());

        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        var replayed = replay(line + "\n", ADMIN);
        assertEquals(200, replayed.statusCode(), replayed.body());
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/shop-app/users/by/external_id/ghost2"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Key shop-key")));
    }

    static java.net.http.HttpResponse<String> replay(String ndjson, String token) {
        return RunningBridge.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + "/admin/replay"))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build());
    }

    static Path deadLetterFile() throws Exception {
        if (!Files.isDirectory(DEAD_LETTERS)) {
            return null;
        }
        try (Stream<Path> files = Files.list(DEAD_LETTERS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).findFirst().orElse(null);
        }
    }
}
