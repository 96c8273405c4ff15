package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sobridge.json.Json;

/**
 * Issue 16.8: Segment's limits and failures. An event over 32 KB is dropped with a reason and a dead letter; every
 * /v1/batch call stays within 500 KB and SEGMENT_BATCH_SIZE events; a 429's Retry-After is waited for; a timeout
 * and a connection reset are retried; the breaker opens and half-opens. Each test counts the events: every one is
 * in a call Segment accepted, or dead-lettered, or (after a 503) still with the sender.
 */
class SegmentLimitsTest {

    static final String TOKEN = "limits-token";
    static final int BATCH_SIZE = 40;
    static final int MAX_BATCH_BYTES = 500 * 1024;
    static final int MAX_EVENT_BYTES = 32 * 1024;

    @TempDir
    static Path deadLetters;

    static WireMockServer segment;
    static RunningBridge bridge;
    static CircuitBreaker breaker;

    @BeforeAll
    static void start() {
        segment = new WireMockServer(wireMockConfig().dynamicPort());
        segment.start();
        Map<String, String> p = new HashMap<>();
        p.put("camel.main.name", "limits-bridge");
        p.put("segment.api-url", "http://127.0.0.1:" + segment.port());
        p.put("segment.write-key", "WK");
        p.put("onesignal.events-token", TOKEN);
        p.put("segment.batch-size", String.valueOf(BATCH_SIZE));
        p.put("segment.linger-ms", "200");
        p.put("segment.flush-ms", "30000");
        p.put("segment.retry-delay-ms", "50");
        p.put("bridge.read-timeout-ms", "1000");
        p.put("bridge.breaker-window", "4");
        p.put("bridge.breaker-open-ms", "1500");
        p.put("dead-letter.dir", deadLetters.toString());
        bridge = RunningBridge.start(p);
        breaker = bridge.context().getRegistry().lookupByNameAndType("segmentCircuitBreaker", CircuitBreaker.class);
    }

    @AfterAll
    static void stop() {
        bridge.close();
        segment.stop();
    }

    @BeforeEach
    void reset() {
        breaker.reset();
        segment.resetAll();
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(okay()));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okay() {
        return aResponse().withStatus(200).withBody("{\"success\":true}");
    }

    static HttpResponse<String> send(List<String> events) {
        return bridge.post("/v1/onesignal/events", OneSignalEvents.request(events), "Authorization", "Bearer " + TOKEN);
    }

    /** How many times each messageId is in a call Segment answered 2xx (a reset connection answered nothing). */
    static Map<String, Integer> acceptedBySegment() {
        Map<String, Integer> counts = new HashMap<>();
        for (ServeEvent call : OneSignalEvents.batchCalls(segment)) {
            if (call.getResponse().getStatus() / 100 == 2 && call.getResponse().getFault() == null) {
                OneSignalEvents.messageIds(call).forEach(id -> counts.merge(id, 1, Integer::sum));
            }
        }
        return counts;
    }

    static void assertAcceptedOnce(List<String> eventIds) {
        Map<String, Integer> accepted = acceptedBySegment();
        for (String id : eventIds) {
            assertEquals(1, accepted.getOrDefault(OneSignalEvents.messageId(id), 0), "accepted once: " + id);
        }
    }

    @Test
    void anEventOver32KbIsDroppedWithAReasonAndADeadLetter() throws Exception {
        List<String> events = List.of(OneSignalEvents.click("fits-1", "u1"),
                OneSignalEvents.click("too-big", "u2", MAX_EVENT_BYTES), OneSignalEvents.click("fits-2", "u3"));
        HttpResponse<String> response = send(events);
        List<String> lettered = OneSignalEvents.deadLetterIds(deadLetters);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = Json.mapper().readTree(response.body());
        assertEquals(2, answer.get("accepted").asInt());
        assertEquals(1, answer.get("dropped").size());
        assertEquals(1, answer.at("/dropped/0/index").asInt());
        assertTrue(answer.at("/dropped/0/reason").asText().startsWith("over Segment's 32 KB event limit: "),
                answer.toString());
        assertEquals(List.of("too-big"), lettered, "dead-lettered before the answer");
        JsonNode letter = OneSignalEvents.deadLetters(deadLetters).get(0);
        assertEquals(answer.at("/dropped/0/reason").asText(), letter.get("reason").asText());
        assertEquals("onesignal-to-segment", letter.get("direction").asText());
        // in (3) = delivered (2) + dropped and dead-lettered (1)
        assertEquals(Map.of("onesignal-fits-1", 1, "onesignal-fits-2", 1), acceptedBySegment());
    }

    @Test
    void everyBatchCallStaysWithin500KbAndTheBatchSize() throws Exception {
        // 10 requests of 20 events at once, of 1 byte to 31 KB of text: half large enough that about 16 fill 500 KB,
        // half so small that the batch size closes their batches
        Random random = new Random(16);
        List<String> ids = new ArrayList<>();
        List<List<String>> requests = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "mixed-" + r + "-" + i;
                int padding = random.nextBoolean() ? 1 + random.nextInt(200) : 20 * 1024 + random.nextInt(11 * 1024);
                ids.add(id);
                events.add(OneSignalEvents.click(id, "u-" + r, padding));
            }
            requests.add(events);
        }
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = requests.stream()
                    .map(events -> CompletableFuture.supplyAsync(() -> send(events), pool)).toList();
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(20, Json.mapper().readTree(response.body()).get("accepted").asInt(), response.body());
            }
        } finally {
            pool.shutdown();
        }
        List<ServeEvent> batchCalls = OneSignalEvents.batchCalls(segment);
        int largest = 0;
        int fullest = 0;
        for (ServeEvent call : batchCalls) {
            byte[] body = call.getRequest().getBody();
            JsonNode batch = Json.mapper().readTree(body).get("batch");
            assertTrue(body.length <= MAX_BATCH_BYTES, "a call of " + body.length + " bytes");
            assertTrue(batch.size() <= BATCH_SIZE, "a call of " + batch.size() + " events");
            for (JsonNode track : batch) {
                int size = Json.mapper().writeValueAsBytes(track).length;
                assertTrue(size <= MAX_EVENT_BYTES, "an event of " + size + " bytes");
            }
            largest = Math.max(largest, body.length);
            fullest = Math.max(fullest, batch.size());
        }
        assertTrue(largest > MAX_BATCH_BYTES - 2 * MAX_EVENT_BYTES, "the bytes closed a batch: " + largest);
        assertEquals(BATCH_SIZE, fullest, "the batch size closed a batch");
        // in (200) = delivered, each exactly once
        assertEquals(ids.size(), acceptedBySegment().size());
        assertAcceptedOnce(ids);
    }

    @Test
    void a429sRetryAfterIsWaitedFor() throws Exception {
        segment.stubFor(post(urlEqualTo("/v1/batch")).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("ok"));
        segment.stubFor(post(urlEqualTo("/v1/batch")).inScenario("429").whenScenarioStateIs("ok").willReturn(okay()));

        HttpResponse<String> response = send(List.of(OneSignalEvents.click("after-429", "u")));

        assertEquals(200, response.statusCode(), response.body());
        List<ServeEvent> calls = OneSignalEvents.batchCalls(segment);
        assertEquals(2, calls.size());
        long gapMs = calls.get(1).getRequest().getLoggedDate().getTime() - calls.get(0).getRequest().getLoggedDate().getTime();
        assertTrue(gapMs >= 2000, "Retry-After: 2 waited for (the backoff alone is 50 ms): " + gapMs + " ms");
        assertTrue(gapMs < 6000, "and not much longer: " + gapMs + " ms");
        assertEquals(OneSignalEvents.messageIds(calls.get(0)), OneSignalEvents.messageIds(calls.get(1)));
        assertAcceptedOnce(List.of("after-429"));
    }

    @Test
    void aTimeoutIsRetried() throws Exception {
        // longer than bridge.read-timeout-ms (1 s)
        segment.stubFor(post(urlEqualTo("/v1/batch")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okay().withFixedDelay(3000)).willSetStateTo("fast"));
        segment.stubFor(post(urlEqualTo("/v1/batch")).inScenario("slow").whenScenarioStateIs("fast").willReturn(okay()));

        HttpResponse<String> response = send(List.of(OneSignalEvents.click("after-timeout", "u")));

        assertEquals(200, response.statusCode(), response.body());
        List<ServeEvent> calls = OneSignalEvents.batchCalls(segment);
        assertEquals(2, calls.size(), "the call that timed out and its retry");
        // Segment may have taken the first copy too (it answered after the bridge gave up): the same messageId
        // lets it de-duplicate them
        assertEquals(List.of("onesignal-after-timeout"), OneSignalEvents.messageIds(calls.get(0)));
        assertEquals(List.of("onesignal-after-timeout"), OneSignalEvents.messageIds(calls.get(1)));
    }

    @Test
    void aConnectionResetIsRetried() throws Exception {
        segment.stubFor(post(urlEqualTo("/v1/batch")).inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        segment.stubFor(post(urlEqualTo("/v1/batch")).inScenario("reset").whenScenarioStateIs("ok").willReturn(okay()));

        HttpResponse<String> response = send(List.of(OneSignalEvents.click("after-reset", "u")));

        assertEquals(200, response.statusCode(), response.body());
        List<ServeEvent> calls = OneSignalEvents.batchCalls(segment);
        assertEquals(2, calls.size(), "the reset call and its retry");
        assertEquals(List.of("onesignal-after-reset"), OneSignalEvents.messageIds(calls.get(1)));
        assertAcceptedOnce(List.of("after-reset"));
    }

    @Test
    void theBreakerOpensAnswers503WithoutCallingSegmentAndHalfOpens() throws Exception {
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(500)));
        List<String> failed = new ArrayList<>();
        // breaker window 4 (so at least 4 calls), 50 %: four batches that fail after their retries open it
        for (int i = 0; i < 4; i++) {
            String id = "down-" + i;
            failed.add(id);
            assertEquals(503, send(List.of(OneSignalEvents.click(id, "u"))).statusCode());
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker.getState());
        int callsWhenOpened = OneSignalEvents.batchCalls(segment).size();
        assertEquals(4 * 4, callsWhenOpened, "each batch: the first attempt and 3 retries");

        failed.add("while-open");
        assertEquals(503, send(List.of(OneSignalEvents.click("while-open", "u"))).statusCode());
        assertEquals(callsWhenOpened, OneSignalEvents.batchCalls(segment).size(), "no call while the breaker is open");

        // after BRIDGE_BREAKER_OPEN_MS it half-opens by itself and lets calls through again
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(okay()));
        // OneSignal sends the refused events again: each is delivered, and the breaker closes after its trial calls
        for (String id : failed) {
            assertEquals(200, send(List.of(OneSignalEvents.click(id, "u"))).statusCode(), id);
        }
        for (int i = 0; breaker.getState() == CircuitBreaker.State.HALF_OPEN && i < 10; i++) {
            assertEquals(200, send(List.of(OneSignalEvents.click("trial-" + i, "u"))).statusCode());
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.getState());
        assertAcceptedOnce(failed);
        Set<String> everSent = new HashSet<>();
        OneSignalEvents.batchCalls(segment).forEach(call -> everSent.addAll(OneSignalEvents.messageIds(call)));
        assertTrue(everSent.containsAll(IntStream.range(0, 4).mapToObj(i -> "onesignal-down-" + i).toList()));
    }
}
