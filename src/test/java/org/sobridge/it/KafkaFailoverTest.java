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
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BRIDGE_TRANSPORT=kafka with two bridge instances as child processes in one consumer group, one of them killed with
 * SIGKILL while it delivers: the survivor takes its partitions over within the session timeout plus 10 s, every event
 * is delivered, each user ends in the state of its last event, and the group's lag ends at 0.
 */
class KafkaFailoverTest {

    static final int USERS = 60;
    static final int EVENTS_PER_USER = 10;
    static final long SESSION_TIMEOUT_MS = 10_000;

    static KafkaBroker broker;
    static WireMockServer oneSignal;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopics(6, "segment-in", "onesignal-out");
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(100));
        oneSignal.start();
        // slow enough that the killed instance is caught delivering
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}").withFixedDelay(150)));
    }

    @AfterAll
    static void stop() throws Exception {
        oneSignal.stop();
        broker.close();
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("BRIDGE_TRANSPORT", "kafka");
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("KAFKA_SESSION_TIMEOUT_MS", String.valueOf(SESSION_TIMEOUT_MS));
        env.put("ONESIGNAL_API_URL", "http://127.0.0.1:" + oneSignal.port());
        env.put("ONESIGNAL_API_KEY", "k");
        env.put("ONESIGNAL_APP_ID", "app");
        env.put("ONESIGNAL_USER_WRITE_INTERVAL_MS", "100");
        env.put("DEAD_LETTER_DIR", "target/failover-dead-letters");
        return env;
    }

    static boolean allDelivered() throws Exception {
        return SequencedWrites.allDelivered(oneSignal, "fo-", USERS, EVENTS_PER_USER);
    }

    @Test
    void theSurvivorTakesOverAKilledInstancesPartitionsAndDeliversEverything() throws Exception {
        try (BridgeProcess a = BridgeProcess.start(env()).awaitHealthy();
             BridgeProcess b = BridgeProcess.start(env()).awaitHealthy()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> broker.membersWithPartitions("segment-onesignal-bridge", "segment-in") == 2);
            for (int n = 0; n < EVENTS_PER_USER; n++) {
                List<String> batch = new ArrayList<>();
                for (int u = 0; u < USERS; u++) {
                    batch.add(SequencedWrites.identify("fo-" + u, n));
                }
                var answer = RunningBridge.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + a.port() + "/v1/segment"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"batch\":[" + String.join(",", batch) + "]}")).build());
                assertEquals(200, answer.statusCode(), answer.body());
            }
            // both instances are delivering: kill one of them the hard way
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> oneSignal.getAllServeEvents().size() >= 20);
            b.process().destroyForcibly();
            assertTrue(b.process().waitFor(10, TimeUnit.SECONDS), "the instance is gone");
            long killed = System.nanoTime();
            assertTrue(!allDelivered(), "events were still to be delivered when the instance was killed");

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(KafkaFailoverTest::allDelivered);
            long takeoverMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("KafkaFailoverTest: everything delivered " + takeoverMs + " ms after the kill");
            assertTrue(takeoverMs <= SESSION_TIMEOUT_MS + 10_000,
                    "everything delivered " + takeoverMs + " ms after the kill (session timeout " + SESSION_TIMEOUT_MS + " ms)");

            // the survivor commits what it delivered: the group's lag ends at 0
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> broker.committed("segment-onesignal-bridge", "segment-in")
                            == broker.endOffset("segment-in"));
            // the survivor wrote each user's events in order: its last write of every user is the last event
            Map<String, List<JsonNode>> writes = SequencedWrites.accepted(oneSignal, "fo-");
            for (int u = 0; u < USERS; u++) {
                List<Integer> seqs = SequencedWrites.seqs(writes.get("fo-" + u));
                assertEquals(EVENTS_PER_USER - 1, seqs.get(seqs.size() - 1), "user " + u);
            }
        }
    }
}
