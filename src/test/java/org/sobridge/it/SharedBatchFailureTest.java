package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/**
 * Issue 16.9: one batch shared by the requests of different senders fails (Segment 500 until the retries are
 * exhausted): every one of those requests is answered 503, none 2xx; when the senders retry with Segment back, each
 * event is in Segment exactly once by messageId, and every copy Segment ever saw of an event carries the same
 * messageId (and is the same track), so Segment's de-duplication drops whatever a failed call may have let through.
 */
class SharedBatchFailureTest {

    static final String TOKEN = "shared-token";
    static final int SENDERS = 5;
    static final int EVENTS_PER_REQUEST = 4;

    static WireMockServer segment;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        segment = new WireMockServer(wireMockConfig().dynamicPort());
        segment.start();
        Map<String, String> p = new HashMap<>();
        p.put("camel.main.name", "shared-batch-bridge");
        p.put("segment.api-url", "http://127.0.0.1:" + segment.port());
        p.put("segment.write-key", "WK");
        p.put("onesignal.events-token", TOKEN);
        // long enough that the requests sent together always meet in one batch
        p.put("segment.linger-ms", "500");
        p.put("segment.flush-ms", "30000");
        p.put("segment.max-retries", "2");
        p.put("segment.retry-delay-ms", "50");
        bridge = RunningBridge.start(p);
    }

    @AfterAll
    static void stop() {
        bridge.close();
        segment.stop();
    }

    /** Sender s's request: events of its own app and users. */
    static String request(int sender) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
            events.add(OneSignalEvents.click("sender-" + sender + "-event-" + i, "user-" + sender + "-" + i)
                    .replace("\"kind\"", "\"app_id\":\"app-" + sender + "\",\"kind\""));
        }
        return OneSignalEvents.request(events);
    }

    static List<HttpResponse<String>> sendTogether() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                String body = request(s);
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return bridge.post("/v1/onesignal/events", body, "Authorization", "Bearer " + TOKEN);
                }, pool));
            }
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                responses.add(call.get());
            }
            return responses;
        } finally {
            pool.shutdown();
        }
    }

    static int sender(String messageId) {
        return Integer.parseInt(messageId.split("-")[2]);
    }

    @Test
    void everyRequestOfAFailedSharedBatchIs503AndTheirRetriesPutEachEventInSegmentOnce() throws Exception {
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(500)));

        List<HttpResponse<String>> failed = sendTogether();

        for (int s = 0; s < SENDERS; s++) {
            assertEquals(503, failed.get(s).statusCode(), "sender " + s + ": " + failed.get(s).body());
        }
        List<ServeEvent> outage = OneSignalEvents.batchCalls(segment);
        Set<Integer> sharing = new HashSet<>();
        OneSignalEvents.messageIds(outage.get(0)).forEach(id -> sharing.add(sender(id)));
        assertTrue(sharing.size() > 1, "the failed batch held events of several senders: " + sharing);
        assertEquals(0, outage.size() % 3, "each failed batch: the first attempt and 2 retries, " + outage.size());

        // Segment is back; each sender retries its whole request (OneSignal keeps events answered 503)
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
        List<HttpResponse<String>> retried = sendTogether();
        for (int s = 0; s < SENDERS; s++) {
            assertEquals(200, retried.get(s).statusCode(), retried.get(s).body());
            assertEquals(EVENTS_PER_REQUEST, Json.mapper().readTree(retried.get(s).body()).get("accepted").asInt());
        }

        Set<String> expected = new HashSet<>();
        for (int s = 0; s < SENDERS; s++) {
            for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                expected.add(OneSignalEvents.messageId("sender-" + s + "-event-" + i));
            }
        }
        Map<String, Integer> accepted = new HashMap<>();
        Map<String, Set<String>> copies = new HashMap<>();
        for (ServeEvent call : OneSignalEvents.batchCalls(segment)) {
            for (JsonNode track : Json.mapper().readTree(call.getRequest().getBody()).get("batch")) {
                String messageId = track.get("messageId").asText();
                copies.computeIfAbsent(messageId, k -> new HashSet<>()).add(track.toString());
                if (call.getResponse().getStatus() == 200) {
                    accepted.merge(messageId, 1, Integer::sum);
                }
            }
        }
        // no event lost, none counted twice: exactly the 20 events, each accepted once
        assertEquals(expected, accepted.keySet());
        assertTrue(accepted.values().stream().allMatch(n -> n == 1), accepted.toString());
        // the stable messageId: every copy Segment saw (failed attempts and the retry) is one of the 20 ids, and the
        // copies of an event are the same track, so Segment de-duplicates whatever a failed call let through
        assertEquals(expected, copies.keySet(), "distinct messageIds over every call");
        copies.forEach((id, tracks) -> assertEquals(1, tracks.size(), id + " sent as different tracks: " + tracks));
    }
}
