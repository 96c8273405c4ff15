package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sobridge.json.Json;

/**
 * Issue 16.7: the dead letter of a batch Segment refuses for good is written before the webhook requests waiting for
 * that batch are answered, and a dead letter that cannot be written turns the answer into 503, so that the events
 * stay with OneSignal. Every event ends delivered or dead-lettered, checked against what Segment's fake received.
 */
class DataOutDeadLetterTest {

    static final String TOKEN = "dl-token";

    @TempDir
    static Path tmp;

    static WireMockServer segment;
    static RunningBridge bridge;
    static Path deadLetters;

    @BeforeAll
    static void start() {
        segment = new WireMockServer(wireMockConfig().dynamicPort());
        segment.start();
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(400)
                .withBody("{\"success\":false,\"message\":\"Invalid event\"}")));
        deadLetters = tmp.resolve("dead-letters");
        bridge = RunningBridge.start(settings("dl-bridge", deadLetters));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        segment.stop();
    }

    static Map<String, String> settings(String name, Path deadLetterDir) {
        Map<String, String> p = new HashMap<>();
        p.put("camel.main.name", name);
        p.put("segment.api-url", "http://127.0.0.1:" + segment.port());
        p.put("segment.write-key", "WK");
        p.put("onesignal.events-token", TOKEN);
        p.put("segment.linger-ms", "300");
        p.put("segment.retry-delay-ms", "50");
        p.put("dead-letter.dir", deadLetterDir.toString());
        return p;
    }

    static HttpResponse<String> send(RunningBridge target, List<String> events) {
        return target.post("/v1/onesignal/events", OneSignalEvents.request(events), "Authorization", "Bearer " + TOKEN);
    }

    /** How many times Segment's fake received each messageId, over every /v1/batch call. */
    static Map<String, Integer> receivedBySegment() {
        Map<String, Integer> counts = new HashMap<>();
        for (ServeEvent call : OneSignalEvents.batchCalls(segment)) {
            OneSignalEvents.messageIds(call).forEach(id -> counts.merge(id, 1, Integer::sum));
        }
        return counts;
    }

    @Test
    void theDeadLettersOfARefusedBatchAreWrittenBeforeItsRequestIsAnswered() throws Exception {
        segment.resetRequests();
        List<String> ids = IntStream.range(0, 100).mapToObj(i -> "refused-" + i).toList();
        List<String> events = ids.stream().map(id -> OneSignalEvents.click(id, "u-" + id)).toList();

        HttpResponse<String> response = send(bridge, events);
        // read at once, without waiting: the 2xx must not leave before the dead letters are on disk
        List<String> lettered = OneSignalEvents.deadLetterIds(deadLetters);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(ids.size(), lettered.size(), "one dead letter per refused event when the answer arrived: "
                + lettered.size());
        assertEquals(new java.util.HashSet<>(ids), new java.util.HashSet<>(lettered));
        JsonNode answer = Json.mapper().readTree(response.body());
        assertEquals(0, answer.get("accepted").asInt());
        assertEquals(ids.size(), answer.get("dropped").size());
        for (JsonNode drop : answer.get("dropped")) {
            assertEquals("Segment answered 400: Invalid event", drop.get("reason").asText());
        }
        for (JsonNode letter : OneSignalEvents.deadLetters(deadLetters)) {
            assertEquals("onesignal-to-segment", letter.get("direction").asText());
            assertEquals(400, letter.get("status").asInt());
            assertEquals("Segment answered 400: Invalid event", letter.get("reason").asText());
        }
        // in = delivered (0) + dead-lettered: Segment saw each event once (a 400 is not retried)
        Map<String, Integer> received = receivedBySegment();
        assertEquals(ids.size(), received.size());
        for (String id : ids) {
            assertEquals(1, received.get(OneSignalEvents.messageId(id)), id);
        }
    }

    @Test
    void aDeadLetterThatCannotBeWrittenAnswers503AndTheEventsStayWithTheSender() throws Exception {
        segment.resetRequests();
        // a directory under a regular file cannot be created
        Path blocker = Files.writeString(tmp.resolve("not-a-directory"), "x");
        Path unwritable = blocker.resolve("dead-letters");
        List<String> ids = List.of("unwritable-1", "unwritable-2", "unwritable-3");
        List<String> events = ids.stream().map(id -> OneSignalEvents.click(id, "u-" + id)).toList();
        try (RunningBridge blocked = RunningBridge.start(settings("dl-bridge-unwritable", unwritable))) {
            HttpResponse<String> refused = send(blocked, events);
            assertEquals(503, refused.statusCode(), "no dead letter, no 2xx: " + refused.body());
            assertEquals(ids.size(), receivedBySegment().size(), "Segment refused the batch");
            assertFalse(Files.exists(unwritable));

            // the sender keeps the events and retries; once the dead letters can be written, the retry is answered
            Files.delete(blocker);
            HttpResponse<String> retried = send(blocked, events);
            assertEquals(200, retried.statusCode(), retried.body());
            assertEquals(new ArrayList<>(ids), OneSignalEvents.deadLetterIds(unwritable).stream().sorted().toList(),
                    "each event dead-lettered once, by the retry that was answered 2xx");
            assertEquals(ids.size(), Json.mapper().readTree(retried.body()).get("dropped").size());
        }
        assertTrue(receivedBySegment().values().stream().allMatch(n -> n == 2), "the first attempt and the retry");
    }
}
