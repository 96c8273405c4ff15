package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka mode while OneSignal fails: 503s, then 429s with Retry-After, then timeouts, while 2,000 events are
 * published; afterwards every event is delivered, each user ends in its last event's state, the committed offsets
 * equal the log end and nothing is dead-lettered. And an instance stopped while it retries commits nothing it did not
 * deliver: restarted, it delivers everything.
 */
class KafkaOutageTest {

    static final int USERS = 200;
    static final int EVENTS_PER_USER = 10;
    static final String GROUP = "segment-onesignal-bridge";

    static KafkaBroker broker;
    static WireMockServer oneSignal;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopics(4, "segment-in", "onesignal-out");
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(100));
        oneSignal.start();
    }

    @AfterAll
    static void stop() throws Exception {
        oneSignal.stop();
        broker.close();
    }

    static RunningBridge bridge(String name) {
        return bridge(name, Map.of());
    }

    static RunningBridge bridge(String name, Map<String, String> more) {
        Map<String, String> p = new HashMap<>();
        p.put("camel.main.name", name);
        p.put("bridge.transport", "kafka");
        p.put("kafka.bootstrap-servers", broker.bootstrapServers());
        p.put("onesignal.api-url", "http://127.0.0.1:" + oneSignal.port());
        p.put("onesignal.api-key", "k");
        p.put("onesignal.app-id", "app");
        p.put("onesignal.user-write-interval-ms", "10");
        p.put("onesignal.retry-delay-ms", "50");
        p.put("onesignal.max-retries", "2");
        p.put("bridge.read-timeout-ms", "500");
        p.put("bridge.breaker-open-ms", "1000");
        p.put("dead-letter.dir", "target/kafka-outage-dead-letters-" + name);
        p.putAll(more);
        return RunningBridge.start(p);
    }

    static long answered(int status) {
        return oneSignal.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == status).count();
    }

    static boolean allDelivered(String prefix, int users) throws Exception {
        return SequencedWrites.allDelivered(oneSignal, prefix, users, EVENTS_PER_USER);
    }

    static void publish(RunningBridge bridge, String prefix, int users) {
        for (int n = 0; n < EVENTS_PER_USER; n++) {
            List<String> batch = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                batch.add(SequencedWrites.identify(prefix + u, n));
            }
            var answer = bridge.post("/v1/segment", "{\"batch\":[" + String.join(",", batch) + "]}");
            assertEquals(200, answer.statusCode(), answer.body());
        }
    }

    @Test
    void everythingIsDeliveredOnceOneSignalIsBackAfter503s429sAndTimeouts() throws Exception {
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(503)));
        long dlqBefore = broker.endOffset("segment-in-dlq");
        RunningBridge a = bridge("outage");
        try {
            publish(a, "out-", USERS);
            // the outage goes through its phases as the bridge keeps trying: 503s, then 429s, then timeouts
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> answered(503) >= 20);
            oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                    .withBody("{\"errors\":[\"API rate limit exceeded\"],\"limit\":\"App ID\"}")));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> answered(429) >= 20);
            oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}").withFixedDelay(1500)));
            long before = oneSignal.getAllServeEvents().size();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> oneSignal.getAllServeEvents().size() >= before + 5);
            oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));

            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> allDelivered("out-", USERS));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> broker.committed(GROUP, "segment-in") == broker.endOffset("segment-in"));
            assertEquals(dlqBefore, broker.endOffset("segment-in-dlq"), "nothing was dead-lettered");
        } finally {
            a.close();
        }
    }

    @Test
    void anInstanceStoppedWhileItRetriesCommitsNothingUndeliveredAndDeliversAfterARestart() throws Exception {
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(503)));
        RunningBridge a = bridge("stopped");
        long committedBefore;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    broker.committed(GROUP, "segment-in") == broker.endOffset("segment-in"));
            committedBefore = broker.committed(GROUP, "segment-in");
            publish(a, "stop-", 20);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> answered(503) >= 10);
        } finally {
            a.close();
        }
        assertEquals(committedBefore, broker.committed(GROUP, "segment-in"), "nothing undelivered was committed");
        assertEquals(0, answered(202), "nothing was delivered before the stop");

        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        RunningBridge again = bridge("restarted");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> allDelivered("stop-", 20));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> broker.committed(GROUP, "segment-in") == broker.endOffset("segment-in"));
        } finally {
            again.close();
        }
    }

    @Test
    void anOutageLongerThanTheMaxPollIntervalEndsWithEachEventDeliveredOnce() throws Exception {
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(503)));
        // the poll is retried for longer than the group allows a poll to take: the group takes the partitions away
        RunningBridge a = bridge("long-outage", Map.of("kafka.max-poll-interval-ms", "6000"));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    broker.committed(GROUP, "segment-in") == broker.endOffset("segment-in"));
            publish(a, "long-", 20);
            // OneSignal stays down until the group has taken the partitions away from the retrying consumer
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> answered(503) >= 10 && broker.membersWithPartitions(GROUP, "segment-in") == 0);
            oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> allDelivered("long-", 20)
                            && broker.committed(GROUP, "segment-in") == broker.endOffset("segment-in"));
            // the consumer rejoined and committed; the records it got again were known as delivered: each user got
            // its events in one accepted write per poll, and no event's write was accepted twice
            Map<String, List<JsonNode>> writes = SequencedWrites.accepted(oneSignal, "long-");
            for (int u = 0; u < 20; u++) {
                Map<Integer, Integer> accepted = SequencedWrites.eventCounts(writes.get("long-" + u));
                for (int n = 0; n < EVENTS_PER_USER; n++) {
                    assertEquals(1, accepted.getOrDefault(n, 0), "user " + u + " event " + n + " accepted once: " + accepted);
                }
            }
        } finally {
            a.close();
        }
    }
}
