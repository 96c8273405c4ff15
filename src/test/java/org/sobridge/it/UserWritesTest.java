package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/**
 * How the events of real senders' requests reach OneSignal: in parallel across users, merged per user while they wait
 * for the user's turn, answered within an SDK's timeout; and de-duplication that never acknowledges an event that was
 * not delivered. OneSignal (WireMock) answers after 50 ms, like the real API.
 */
class UserWritesTest {

    static WireMockServer oneSignal;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(200));
        oneSignal.start();
        bridge = RunningBridge.start(Map.ofEntries(
                Map.entry("onesignal.api-url", "http://127.0.0.1:" + oneSignal.port()),
                Map.entry("onesignal.api-key", "k"),
                Map.entry("onesignal.app-id", "app"),
                Map.entry("onesignal.retry-delay-ms", "100"),
                Map.entry("onesignal.max-retries", "2"),
                Map.entry("bridge.breaker-window", "50"),
                Map.entry("segment.sources", "second"),
                Map.entry("source.second.onesignal-app-id", "app-2"),
                Map.entry("source.second.onesignal-api-key", "k2")));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        oneSignal.stop();
    }

    @BeforeEach
    void reset() {
        bridge.context().getRegistry().lookupByNameAndType("oneSignalCircuitBreaker", CircuitBreaker.class).reset();
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(50)));
    }

    static String identify(String userId, String messageId, String traits) {
        return "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"messageId\":\"" + messageId
                + "\",\"traits\":" + traits + "}";
    }

    static String batch(List<String> events) {
        return "{\"batch\":[" + String.join(",", events) + "]}";
    }

    static List<LoggedRequest> patchesOf(String app, String user) {
        return oneSignal.findAll(patchRequestedFor(urlEqualTo("/apps/" + app + "/users/by/external_id/" + user)));
    }

    @Test
    void aBatchOfOneHundredUsersIsAnsweredWithinASecond() throws Exception {
        // the same batch once untimed: the bridge's first calls open their connections and threads
        String warm = "warm-" + System.nanoTime() + "-";
        assertEquals(200, bridge.post("/v1/segment", batch(IntStream.range(0, 100)
                .mapToObj(i -> identify(warm + i, warm + "m" + i, "{\"seq\":" + i + "}")).toList())).statusCode());
        // the best of three batches (sequential calls would take 100 × 50 ms = 5 s; the machine may be busy)
        String prefix = null;
        long tookMs = Long.MAX_VALUE;
        for (int round = 0; round < 3 && tookMs > 1000; round++) {
            prefix = "par-" + round + "-" + System.nanoTime() + "-";
            String users = prefix;
            List<String> events = IntStream.range(0, 100)
                    .mapToObj(i -> identify(users + i, users + "m" + i, "{\"seq\":" + i + "}")).toList();
            long start = System.nanoTime();
            HttpResponse<String> answer = bridge.post("/v1/segment", batch(events));
            tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(100, Json.mapper().readTree(answer.body()).get("accepted").asInt());
        }
        assertTrue(tookMs <= 1000, "100 users at 50 ms each, answered in " + tookMs + " ms");
        for (int i = 0; i < 100; i++) {
            List<LoggedRequest> calls = patchesOf("app", prefix + i);
            assertEquals(1, calls.size(), "user " + i);
            assertEquals("Key k", calls.get(0).getHeader("Authorization"));
            assertEquals(Json.mapper().readTree("{\"properties\":{\"tags\":{\"seq\":\"" + i + "\"}}}"),
                    Json.mapper().readTree(calls.get(0).getBodyAsString()));
        }
    }

    @Test
    void fifteenEventsOfOneUserBecomeOnePatchWithTheLastValues() throws Exception {
        String user = "one-" + System.nanoTime();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            // seq changes every time; "gone" is deleted by event 13; "back" is deleted, then restored by event 14
            String traits = "{\"seq\":" + i + (i == 0 ? ",\"gone\":\"x\",\"back\":\"y\"" : "")
                    + (i == 13 ? ",\"gone\":\"\",\"back\":null" : "") + (i == 14 ? ",\"back\":\"again\"" : "") + "}";
            events.add(identify(user, user + "-m" + i, traits));
        }
        long start = System.nanoTime();
        HttpResponse<String> answer = bridge.post("/v1/segment", batch(events));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(15, Json.mapper().readTree(answer.body()).get("accepted").asInt());
        assertTrue(tookMs <= 2000, "answered in " + tookMs + " ms");
        List<LoggedRequest> calls = patchesOf("app", user);
        assertEquals(1, calls.size(), "one PATCH for the 15 events");
        assertEquals(Json.mapper().readTree("{\"properties\":{\"tags\":{\"seq\":\"14\",\"gone\":\"\",\"back\":\"again\"}}}"),
                Json.mapper().readTree(calls.get(0).getBodyAsString()));
    }

    @Test
    void updatesOfOtherRequestsWaitingForTheSameUserMergeIntoOneWrite() throws Exception {
        String user = "across-" + System.nanoTime();
        assertEquals(200, bridge.post("/v1/segment", identify(user, user + "-1", "{\"plan\":\"a\"}")).statusCode());
        // the user was just written: both of these wait for its next turn, and share it
        CompletableFuture<HttpResponse<String>> x = CompletableFuture.supplyAsync(
                () -> bridge.post("/v1/segment", identify(user, user + "-2", "{\"x\":1}")));
        CompletableFuture<HttpResponse<String>> y = CompletableFuture.supplyAsync(
                () -> bridge.post("/v1/segment", identify(user, user + "-3", "{\"y\":2}")));
        assertEquals(200, x.get().statusCode(), x.get().body());
        assertEquals(200, y.get().statusCode(), y.get().body());

        List<LoggedRequest> calls = patchesOf("app", user);
        assertEquals(2, calls.size());
        assertEquals(Json.mapper().readTree("{\"properties\":{\"tags\":{\"x\":\"1\",\"y\":\"2\"}}}"),
                Json.mapper().readTree(calls.get(1).getBodyAsString()));
        long apart = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        // the slots are a second apart when reserved; the fake logs arrivals, later by the send time of each call
        assertTrue(apart >= 800, "one write per user per second: " + apart + " ms apart");
    }

    @Test
    void aCopyArrivingWhileTheOriginalFailsIsNotAcknowledged() throws Exception {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(500).withFixedDelay(150)));
        String event = identify("dup-fail", "m-dup-fail-" + System.nanoTime(), "{\"plan\":\"pro\"}");
        CompletableFuture<HttpResponse<String>> original = CompletableFuture.supplyAsync(
                () -> bridge.post("/v1/segment", event));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> !oneSignal.findAll(patchRequestedFor(anyUrl())).isEmpty());

        HttpResponse<String> copy = bridge.post("/v1/segment", event);
        assertEquals(503, original.get().statusCode(), original.get().body());
        assertEquals(503, copy.statusCode(), "the copy waited for the original, which failed: " + copy.body());
        JsonNode error = Json.mapper().readTree(copy.body());
        assertTrue(error.toString().contains("retry later"), copy.body());

        // OneSignal is back: the sender's next retry is delivered, not taken for a duplicate
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        HttpResponse<String> retry = bridge.post("/v1/segment", event);
        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals(1, Json.mapper().readTree(retry.body()).get("accepted").asInt());
        assertEquals(1, patchesOf("app", "dup-fail").size());
    }

    @Test
    void aCopyArrivingWhileTheOriginalSucceedsAnswersAsADuplicateAfterIt() throws Exception {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(400)));
        String event = identify("dup-ok", "m-dup-ok-" + System.nanoTime(), "{\"plan\":\"pro\"}");
        CompletableFuture<HttpResponse<String>> original = CompletableFuture.supplyAsync(
                () -> bridge.post("/v1/segment", event));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> !oneSignal.findAll(patchRequestedFor(anyUrl())).isEmpty());

        HttpResponse<String> copy = bridge.post("/v1/segment", event);
        long copyAnsweredAt = System.currentTimeMillis();
        assertEquals(200, original.get().statusCode());
        LoggedRequest write = patchesOf("app", "dup-ok").get(0);
        assertTrue(copyAnsweredAt >= write.getLoggedDate().getTime() + 400,
                "the copy was answered only once the original's write (400 ms) was done");
        assertEquals(200, copy.statusCode(), copy.body());
        JsonNode answer = Json.mapper().readTree(copy.body());
        assertEquals(0, answer.get("accepted").asInt());
        assertTrue(answer.at("/dropped/0/reason").asText().startsWith("duplicate messageId"), copy.body());
        assertEquals(1, patchesOf("app", "dup-ok").size(), "delivered once");
    }

    @Test
    void oneEventThroughTwoSourcesReachesBothApps() {
        String event = identify("two-apps", "m-two-apps-" + System.nanoTime(), "{\"plan\":\"pro\"}");
        assertEquals(200, bridge.post("/v1/segment", event).statusCode());
        HttpResponse<String> second = bridge.post("/v1/segment/second", event);
        assertEquals(200, second.statusCode(), second.body());
        assertTrue(second.body().contains("\"accepted\":1"), second.body());

        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app/users/by/external_id/two-apps"))
                .withHeader("Authorization", equalTo("Key k"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"plan\":\"pro\"}}}")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-2/users/by/external_id/two-apps"))
                .withHeader("Authorization", equalTo("Key k2"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"plan\":\"pro\"}}}")));
        // and a retry through either source is a duplicate there
        HttpResponse<String> again = bridge.post("/v1/segment/second", event);
        assertTrue(again.body().contains("duplicate messageId"), again.body());
        oneSignal.verify(2, patchRequestedFor(urlPathMatching("/apps/.*/users/by/external_id/two-apps")));
    }

    @Test
    void eachUsersWritesReachOneSignalInEventOrderAcrossRequests() throws Exception {
        String prefix = "order-" + System.nanoTime() + "-";
        // 5 requests one after the other, each with events of the same 10 users: every user's writes come in request
        // order, the last request's values are every user's state
        for (int r = 0; r < 5; r++) {
            int request = r;
            List<String> events = IntStream.range(0, 10).mapToObj(u -> identify(prefix + u,
                    prefix + "r" + request + "u" + u, "{\"seq\":" + request + "}")).toList();
            HttpResponse<String> answer = bridge.post("/v1/segment", batch(events));
            assertEquals(200, answer.statusCode(), answer.body());
        }
        for (int u = 0; u < 10; u++) {
            List<LoggedRequest> calls = patchesOf("app", prefix + u);
            List<Integer> seqs = new ArrayList<>();
            for (LoggedRequest call : calls) {
                seqs.add(Json.mapper().readTree(call.getBodyAsString()).at("/properties/tags/seq").asInt());
            }
            for (int i = 1; i < seqs.size(); i++) {
                assertTrue(seqs.get(i) > seqs.get(i - 1), "user " + u + " written in order: " + seqs);
            }
            assertEquals(4, seqs.get(seqs.size() - 1), "user " + u + " ends with the last request's value");
        }
    }

    @Test
    void aWriteRefusedForThePlanTagLimitDeletesFirstThenWritesTheNamesAlone() throws Exception {
        String user = "limit-" + System.nanoTime();
        String path = "/apps/app/users/by/external_id/" + user;
        // the user is at the plan's limit: OneSignal refuses any write that adds "plan", takes the others
        String refusal = "{\"errors\":[\"App is limited to a maximum of 20 tags on a given player\"],\"success\":false}";
        oneSignal.stubFor(patch(urlEqualTo(path)).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.properties.tags.plan"))
                .willReturn(aResponse().withStatus(400).withBody(refusal)));
        oneSignal.stubFor(patch(urlEqualTo(path)).atPriority(2).willReturn(aResponse().withStatus(202).withBody("{}")));

        HttpResponse<String> answer = bridge.post("/v1/segment", identify(user, user + "-m",
                "{\"firstName\":\"Ann\",\"plan\":\"pro\",\"old\":\"\"}"));

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode json = Json.mapper().readTree(answer.body());
        assertEquals(1, json.get("accepted").asInt(), answer.body());
        assertEquals("plan", json.at("/omittedTags/0/key").asText(), answer.body());
        assertEquals("OneSignal plan tag limit", json.at("/omittedTags/0/reason").asText(), answer.body());
        List<String> bodies = new ArrayList<>();
        for (LoggedRequest call : patchesOf("app", user)) {
            bodies.add(Json.mapper().readTree(call.getBodyAsString()).at("/properties/tags").toString());
        }
        assertEquals(List.of(
                "{\"first_name\":\"Ann\",\"plan\":\"pro\",\"old\":\"\"}", // refused as a whole
                "{\"old\":\"\"}",                                      // the deletion alone: taken
                "{\"first_name\":\"Ann\",\"plan\":\"pro\"}",             // the values again: still refused
                "{\"first_name\":\"Ann\"}"), bodies);                    // the names alone: taken
        List<LoggedRequest> calls = patchesOf("app", user);
        for (int i = 2; i < calls.size(); i++) {
            long apart = calls.get(i).getLoggedDate().getTime() - calls.get(i - 1).getLoggedDate().getTime();
            assertTrue(apart >= 800, "each step in the user's next slot: " + apart + " ms");
        }
    }

    @Test
    void aWriteWhoseNamesAloneAreRefusedForThePlanTagLimitIsNotReportedAsDelivered() throws Exception {
        String user = "limit-names-" + System.nanoTime();
        String path = "/apps/app/users/by/external_id/" + user;
        // the user is at the plan's limit and has no first_name yet: every write with a new tag is refused
        String refusal = "{\"errors\":[\"App is limited to a maximum of 20 tags on a given player\"],\"success\":false}";
        oneSignal.stubFor(patch(urlEqualTo(path)).willReturn(aResponse().withStatus(400).withBody(refusal)));

        HttpResponse<String> answer = bridge.post("/v1/segment", identify(user, user + "-m",
                "{\"firstName\":\"Ann\",\"plan\":\"pro\"}"));

        JsonNode json = Json.mapper().readTree(answer.body());
        assertEquals(0, json.path("accepted").asInt(), answer.body());
        assertTrue(answer.body().contains("maximum of 20 tags"), answer.body());
        List<String> bodies = new ArrayList<>();
        for (LoggedRequest call : patchesOf("app", user)) {
            bodies.add(Json.mapper().readTree(call.getBodyAsString()).at("/properties/tags").toString());
        }
        assertEquals(List.of("{\"first_name\":\"Ann\",\"plan\":\"pro\"}", "{\"first_name\":\"Ann\"}"), bodies);
    }

    @Test
    void aUsersLaterUpdateNeverOvertakesAnEarlierOneThatFailed() throws Exception {
        String user = "overtake-" + System.nanoTime();
        String path = "/apps/app/users/by/external_id/" + user;
        // OneSignal fails every write of value "a" (after the retries the request answers 503), takes the others
        oneSignal.stubFor(patch(urlEqualTo(path)).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.properties.tags[?(@.v == 'a')]"))
                .willReturn(aResponse().withStatus(500).withFixedDelay(100)));
        oneSignal.stubFor(patch(urlEqualTo(path)).atPriority(2).willReturn(aResponse().withStatus(200).withBody("{}")));

        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> bridge.post("/v1/segment", identify(user, user + "-a", "{\"v\":\"a\"}")));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> !patchesOf("app", user).isEmpty());
        // "a" is being retried: "b" opens the user's next write, which waits for it
        HttpResponse<String> second = bridge.post("/v1/segment", identify(user, user + "-b", "{\"v\":\"b\"}"));

        assertEquals(503, first.get().statusCode(), first.get().body());
        assertEquals(503, second.statusCode(), "b must not be written before a: " + second.body());
        for (LoggedRequest call : patchesOf("app", user)) {
            assertEquals("a", Json.mapper().readTree(call.getBodyAsString()).at("/properties/tags/v").asText(),
                    "only a was tried");
        }
        // the sender retries both, in order: a, then b
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        assertEquals(200, bridge.post("/v1/segment", identify(user, user + "-a", "{\"v\":\"a\"}")).statusCode());
        assertEquals(200, bridge.post("/v1/segment", identify(user, user + "-b", "{\"v\":\"b\"}")).statusCode());
        List<LoggedRequest> calls = patchesOf("app", user);
        assertEquals("b", Json.mapper().readTree(calls.get(calls.size() - 1).getBodyAsString())
                .at("/properties/tags/v").asText());
    }
}
