package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BRIDGE_TRANSPORT=kafka as users run it: two bridge instances as child processes in one consumer group, a real
 * broker, OneSignal faked by WireMock.
 * <ul>
 *   <li>The users of a poll are written in parallel.</li>
 *   <li>Through a window of 503s and then one of 429s in the middle of 3,000 events of 300 users (each event a
 *   sequence number), each user's accepted writes never go back to an older event, every event's own tag arrives,
 *   each user ends with its last event, readiness says the polls are failing while they do, nothing is dead-lettered
 *   and the group's lag ends at 0.</li>
 *   <li>OneSignal's per-app limit holds for the two instances together: each takes half of it.</li>
 * </ul>
 */
class KafkaGroupProcessesTest {

    static final int USERS = 300;
    static final int EVENTS_PER_USER = 10;
    static final String GROUP = "segment-onesignal-bridge";

    static KafkaBroker broker;
    static WireMockServer oneSignal;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopics(6, "segment-in", "onesignal-out");
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(100));
        oneSignal.start();
    }

    @AfterAll
    static void stop() throws Exception {
        oneSignal.stop();
        broker.close();
    }

    @BeforeEach
    void accepting() {
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
    }

    static Map<String, String> env(String name, Map<String, String> more) {
        Map<String, String> env = new HashMap<>();
        env.put("BRIDGE_TRANSPORT", "kafka");
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("ONESIGNAL_API_URL", "http://127.0.0.1:" + oneSignal.port());
        env.put("ONESIGNAL_API_KEY", "k");
        env.put("ONESIGNAL_APP_ID", "app");
        env.put("ONESIGNAL_USER_WRITE_INTERVAL_MS", "10");
        env.put("ONESIGNAL_RETRY_DELAY_MS", "50");
        env.put("ONESIGNAL_MAX_RETRIES", "2");
        env.put("BRIDGE_BREAKER_OPEN_MS", "1000");
        env.put("DEAD_LETTER_DIR", "target/kafka-group-dead-letters-" + name);
        env.putAll(more);
        return env;
    }

    static void publish(BridgeProcess bridge, List<String> events) {
        var answer = RunningBridge.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port()
                        + "/v1/segment")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[" + String.join(",", events) + "]}")).build());
        assertEquals(200, answer.statusCode(), answer.body());
    }

    static long answered(int status) {
        return oneSignal.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == status).count();
    }

    static boolean pollsFailing(BridgeProcess bridge) {
        var ready = BridgeProcess.get(bridge.managementPort(), "/observe/health/ready");
        return ready.statusCode() == 503 && ready.body().contains("segment-in-consumer: poll failing for");
    }

    @Test
    void everyUsersWritesStayInOrderThroughA503WindowAndA429Window() throws Exception {
        // slow enough that the windows open while the instances are delivering
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}").withFixedDelay(100)));
        long dlqBefore = broker.endOffset("segment-in-dlq");
        try (BridgeProcess a = BridgeProcess.start(env("order-a", Map.of())).awaitHealthy();
             BridgeProcess b = BridgeProcess.start(env("order-b", Map.of())).awaitHealthy()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> broker.membersWithPartitions(GROUP, "segment-in") == 2);
            for (int n = 0; n < EVENTS_PER_USER; n++) {
                List<String> batch = new ArrayList<>();
                for (int u = 0; u < USERS; u++) {
                    batch.add(SequencedWrites.identify("order-" + u, n));
                }
                publish(n % 2 == 0 ? a : b, batch);
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> answered(202) >= 300);
            // the users of a poll are written in parallel: each call takes 100 ms, and many arrive within 100 ms
            // (one call at a time per instance would allow about 2 per instance)
            List<Long> arrivals = oneSignal.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 202)
                    .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
            int together = 0;
            for (int i = 0, j = 0; i < arrivals.size(); i++) {
                while (arrivals.get(i) - arrivals.get(j) >= 100) {
                    j++;
                }
                together = Math.max(together, i - j + 1);
            }
            System.out.println("KafkaGroupProcessesTest: " + together + " calls arrived within 100 ms");
            assertTrue(together >= 20, "calls arriving within 100 ms, both instances: " + together);
            // a window of 503s, long enough for readiness to say the polls fail...
            oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(503)));
            AtomicBoolean reported = new AtomicBoolean();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                reported.compareAndSet(false, pollsFailing(a) || pollsFailing(b));
                return reported.get() && answered(503) >= 50;
            });
            // ...then one of 429s (the app's rate limit), then OneSignal is back
            oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                    .withBody("{\"errors\":[\"API rate limit exceeded\"],\"limit\":\"App ID\"}")));
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> answered(429) >= 30);
            oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));

            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> SequencedWrites.allDelivered(oneSignal, "order-", USERS, EVENTS_PER_USER));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> broker.committed(GROUP, "segment-in") == broker.endOffset("segment-in"));

            Map<String, List<JsonNode>> writes = SequencedWrites.accepted(oneSignal, "order-");
            for (int u = 0; u < USERS; u++) {
                List<Integer> seqs = SequencedWrites.seqs(writes.get("order-" + u));
                for (int i = 1; i < seqs.size(); i++) {
                    assertTrue(seqs.get(i) >= seqs.get(i - 1), "order-" + u + " never goes back to an older event: " + seqs);
                }
                assertEquals(EVENTS_PER_USER - 1, seqs.get(seqs.size() - 1), "order-" + u + " ends with its last event");
                assertEquals(EVENTS_PER_USER, SequencedWrites.eventCounts(writes.get("order-" + u)).size(),
                        "order-" + u + " got every event");
            }
            assertTrue(a.metricSum("bridge_kafka_poll_retries_total") + b.metricSum("bridge_kafka_poll_retries_total") > 0,
                    "the failed polls were counted");
            assertEquals(dlqBefore, broker.endOffset("segment-in-dlq"), "nothing was dead-lettered");
            // and both are ready again
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !pollsFailing(a) && !pollsFailing(b));
        }
    }

    @Test
    void theAppLimitHoldsForTwoInstancesTogether() throws Exception {
        Map<String, String> limited = Map.of("ONESIGNAL_MAX_REQUESTS_PER_SECOND", "40");
        try (BridgeProcess a = BridgeProcess.start(env("limit-a", limited)).awaitHealthy();
             BridgeProcess b = BridgeProcess.start(env("limit-b", limited)).awaitHealthy()) {
            // each instance owns half of the partitions, so it allows half of the app's 40 calls per second
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                    a.metric("bridge_onesignal_app_limit_per_second") == 20
                            && b.metric("bridge_onesignal_app_limit_per_second") == 20);
            // the first calls of a process take longer to leave (connections, class loading), which would bunch
            // their arrivals: each instance makes some calls first
            List<String> warmUp = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                warmUp.add(SequencedWrites.identify("warm-" + i, 0));
            }
            publish(a, warmUp);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> oneSignal.getAllServeEvents().size() == 40);
            double aBefore = a.metricSum("bridge_downstream_responses_total");
            double bBefore = b.metricSum("bridge_downstream_responses_total");
            int events = 240;
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                batch.add(SequencedWrites.identify("lim-" + i, 0));
            }
            publish(a, batch);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> oneSignal.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().contains("/external_id/lim-")).count() == events);
            List<Long> times = oneSignal.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().contains("/external_id/lim-"))
                    .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
            // 240 calls at 40 per second for the pair take about 6 s (each instance alone would allow 80 per second)
            long spanMs = times.get(times.size() - 1) - times.get(0);
            assertTrue(spanMs >= 4500, events + " calls at 40 per second take about 6 s: " + spanMs + " ms");
            int most = 0;
            for (int i = 0, j = 0; i < times.size(); i++) {
                while (times.get(i) - times.get(j) >= 1000) {
                    j++;
                }
                most = Math.max(most, i - j + 1);
            }
            // the limit holds when a call starts; arrival jitter may add a few calls to one second of arrivals
            System.out.println("KafkaGroupProcessesTest: " + events + " calls in " + spanMs + " ms, at most " + most
                    + " in one second (limit 40)");
            assertTrue(most <= 60, "calls in the busiest second, both instances together (limit 40): " + most
                    + " of " + times.stream().map(t -> t - times.get(0)).toList());
            assertTrue(a.metricSum("bridge_downstream_responses_total") > aBefore
                    && b.metricSum("bridge_downstream_responses_total") > bBefore, "both instances delivered");
        }
    }
}
