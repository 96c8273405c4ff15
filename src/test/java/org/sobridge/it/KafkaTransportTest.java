package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/** BRIDGE_TRANSPORT=kafka against a real broker: ordering per user, two instances in one group, no loss. */
class KafkaTransportTest {

    static KafkaBroker broker;
    static WireMockServer fake;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        broker.createTopics(4, "segment-in", "onesignal-out");
        fake = new WireMockServer(wireMockConfig().dynamicPort());
        fake.start();
        fake.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        fake.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
    }

    @AfterAll
    static void stop() throws Exception {
        fake.stop();
        broker.close();
    }

    static RunningBridge bridge(String name, String bootstrap) {
        return bridge(name, bootstrap, Map.of());
    }

    static RunningBridge bridge(String name, String bootstrap, Map<String, String> more) {
        String url = "http://127.0.0.1:" + fake.port();
        Map<String, String> p = new HashMap<>();
        p.put("camel.main.name", name);
        p.put("bridge.transport", "kafka");
        p.put("kafka.bootstrap-servers", bootstrap);
        p.put("onesignal.api-url", url);
        p.put("onesignal.api-key", "k");
        p.put("onesignal.app-id", "app");
        p.put("onesignal.user-write-interval-ms", "1");
        p.put("bridge.dedupe-window-ms", "1");
        p.put("segment.api-url", url);
        p.put("segment.write-key", "wk");
        p.put("segment.flush-ms", "200");
        p.put("dead-letter.dir", "target/kafka-dead-letters-" + name);
        p.putAll(more);
        return RunningBridge.start(p);
    }

    static String identify(String user, int n) {
        return "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"messageId\":\"" + user + "-" + n
                + "\",\"traits\":{\"seq\":" + n + ",\"e" + n + "\":true}}";
    }

    static List<ServeEvent> patchesFor(String user) {
        List<ServeEvent> calls = new ArrayList<>(fake.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/apps/app/users/by/external_id/" + user)).toList());
        java.util.Collections.reverse(calls); // WireMock lists the newest first: this is the order of arrival
        return calls;
    }

    static long consumed(RunningBridge bridge, String routeId) {
        return bridge.context().getCamelContextExtension()
                .getContextPlugin(org.apache.camel.api.management.ManagedCamelContext.class)
                .getManagedRoute(routeId).getExchangesTotal();
    }

    @Test
    void twoInstancesShareTheWorkKeepEachUsersOrderAndLoseNothingWhenOneStops() throws Exception {
        fake.resetRequests();
        RunningBridge a = bridge("bridge-a", broker.bootstrapServers());
        RunningBridge b = bridge("bridge-b", broker.bootstrapServers());
        List<String> users = List.of("ana", "bo", "cy", "di", "ed", "flo", "gus", "hal");
        long committedBefore = broker.committed("segment-onesignal-bridge", "segment-in");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> broker.membersWithPartitions("segment-onesignal-bridge", "segment-in") == 2);
            for (int n = 0; n < 5; n++) {
                for (String user : users) {
                    RunningBridge target = (n + user.length()) % 2 == 0 ? a : b;
                    var response = target.post("/v1/segment", identify(user, n));
                    assertEquals(200, response.statusCode(), response.body());
                }
            }
            // both instances of the group took a share of the partitions
            RunningBridge second = b;
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    consumed(a, "segment-records") > 0 && consumed(second, "segment-records") > 0);
            // stop one instance mid-stream: its partitions move to the other, nothing is lost
            b.close();
            b = null;
            for (int n = 5; n < 8; n++) {
                for (String user : users) {
                    assertEquals(200, a.post("/v1/segment", identify(user, n)).statusCode());
                }
            }
            // and restart it: it joins the group again and takes its share
            b = bridge("bridge-b", broker.bootstrapServers());
            for (int n = 8; n < 10; n++) {
                for (String user : users) {
                    assertEquals(200, b.post("/v1/segment", identify(user, n)).statusCode());
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                for (String user : users) {
                    // an event's own tag e<n> is in some write (the updates of a user that wait for its turn are merged)
                    Set<Integer> seen = new HashSet<>();
                    for (ServeEvent call : patchesFor(user)) {
                        Json.mapper().readTree(call.getRequest().getBodyAsString()).at("/properties/tags").fieldNames()
                                .forEachRemaining(tag -> {
                                    if (tag.matches("e\\d+")) {
                                        seen.add(Integer.parseInt(tag.substring(1)));
                                    }
                                });
                    }
                    assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen, user + " got every event at least once");
                }
            });
            for (String user : users) {
                List<Integer> order = new ArrayList<>();
                for (ServeEvent call : patchesFor(user)) {
                    int seq = Json.mapper().readTree(call.getRequest().getBodyAsString()).at("/properties/tags/seq").asInt();
                    if (!order.contains(seq)) {
                        order.add(seq);
                    }
                }
                // an instance that stops hands its uncommitted records to the other, which writes them again: the
                // writes of each instance are in order, and the user ends with its last event's value
                List<ServeEvent> calls = patchesFor(user);
                int last = Json.mapper().readTree(calls.get(calls.size() - 1).getRequest().getBodyAsString())
                        .at("/properties/tags/seq").asInt();
                assertEquals(9, last, user + " ends with its last event's value: " + order);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> broker.committed("segment-onesignal-bridge", "segment-in") == committedBefore + users.size() * 10L);
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
        }
    }

    @Test
    void dataOutGoesThroughKafkaAndIsBatchedToSegment() throws Exception {
        fake.resetRequests();
        RunningBridge a = bridge("bridge-out", broker.bootstrapServers());
        try {
            // one request: its 20 records reach the topic together, so the consumer's polls (not the timing of 20
            // separate requests) decide the batches
            String events = java.util.stream.IntStream.range(0, 20)
                    .mapToObj(i -> "{\"event\":{\"id\":\"k-" + i + "\",\"kind\":\"message.push.clicked\",\"external_id\":\"u"
                            + (i % 3) + "\"},\"message\":{\"id\":\"m\"}}")
                    .collect(java.util.stream.Collectors.joining(",", "[", "]"));
            var response = a.post("/v1/onesignal/events", events);
            assertEquals(200, response.statusCode(), response.body());
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<String> ids = new HashSet<>();
                for (ServeEvent call : fake.getAllServeEvents()) {
                    if (call.getRequest().getUrl().equals("/v1/batch")) {
                        for (JsonNode track : Json.mapper().readTree(call.getRequest().getBodyAsString()).get("batch")) {
                            ids.add(track.get("messageId").asText());
                        }
                    }
                }
                assertEquals(20, ids.size(), ids.toString());
            });
            long batchCalls = fake.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/v1/batch")).count();
            assertTrue(batchCalls < 20, "events share batches: " + batchCalls + " calls");
        } finally {
            a.close();
        }
    }

    @Test
    void deadLettersGoToTheDlqTopicAndItsReplayRouteDeliversThem() throws Exception {
        fake.stubFor(patch(urlEqualTo("/apps/app/users/by/external_id/ghost-k")).willReturn(aResponse()
                .withStatus(404).withBody("{\"errors\":[{\"title\":\"User not found\"}]}")));
        RunningBridge a = bridge("bridge-dlq", broker.bootstrapServers());
        try {
            long dlqBefore = broker.endOffset("segment-in-dlq");
            assertEquals(200, a.post("/v1/segment", identify("ghost-k", 1)).statusCode());
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> broker.endOffset("segment-in-dlq") > dlqBefore);
            assertEquals(1, patchesFor("ghost-k").size());

            // the user exists now: an operator starts the replay route (JMX start() does the same)
            fake.stubFor(patch(urlEqualTo("/apps/app/users/by/external_id/ghost-k"))
                    .willReturn(aResponse().withStatus(202).withBody("{}")));
            a.context().getRouteController().startRoute("segment-in-dlq-replay");
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> patchesFor("ghost-k").size() == 2);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> broker.committed("segment-onesignal-bridge-replay", "segment-in-dlq")
                            == broker.endOffset("segment-in-dlq"));
        } finally {
            a.close();
        }
    }

    @Test
    void brokerUnreachableAtIngestAnswers503() {
        RunningBridge down = bridge("bridge-down", "127.0.0.1:" + RunningBridge.freePort());
        try {
            var response = down.post("/v1/segment", identify("zed", 1));
            assertEquals(503, response.statusCode(), response.body());
            fake.verify(0, patchRequestedFor(urlEqualTo("/apps/app/users/by/external_id/zed")));
            // readiness shows the consumers that cannot reach the broker
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertTrue(
                    org.apache.camel.health.HealthCheckHelper.invokeReadiness(down.context()).stream().anyMatch(r ->
                            r.getState() == org.apache.camel.health.HealthCheck.State.DOWN
                                    && r.getCheck().getId().contains("segment-in-consumer")),
                    "a consumer health check is DOWN"));
        } finally {
            down.close();
        }
    }

    @Test
    void anOutageMakesReadinessDownWhileTheConsumersPollsFailAndEverythingIsDeliveredAfter() throws Exception {
        String path = "/apps/app/users/by/external_id/outage-k";
        fake.stubFor(patch(urlEqualTo(path)).willReturn(aResponse().withStatus(503)));
        RunningBridge a = bridge("bridge-outage", broker.bootstrapServers());
        try {
            for (int n = 0; n < 3; n++) {
                assertEquals(200, a.post("/v1/segment", identify("outage-k", n)).statusCode());
            }
            // OneSignal is down: the poll is retried with backoff, readiness says so and why
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                var polls = org.apache.camel.health.HealthCheckHelper.invokeReadiness(a.context()).stream()
                        .filter(r -> r.getCheck().getId().equals("kafka-polls")).findFirst().orElseThrow();
                assertEquals(org.apache.camel.health.HealthCheck.State.DOWN, polls.getState());
                assertTrue(polls.getMessage().orElse("").contains("segment-in-consumer: poll failing for"),
                        polls.getMessage().orElse(""));
            });
            // back: the poll goes through, readiness is UP again, the user ends with its last event
            fake.stubFor(patch(urlEqualTo(path)).willReturn(aResponse().withStatus(202).withBody("{}")));
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                var polls = org.apache.camel.health.HealthCheckHelper.invokeReadiness(a.context()).stream()
                        .filter(r -> r.getCheck().getId().equals("kafka-polls")).findFirst().orElseThrow();
                assertEquals(org.apache.camel.health.HealthCheck.State.UP, polls.getState());
            });
            List<ServeEvent> calls = patchesFor("outage-k");
            JsonNode last = Json.mapper().readTree(calls.get(calls.size() - 1).getRequest().getBodyAsString());
            assertEquals(2, last.at("/properties/tags/seq").asInt(), last.toString());
            for (int n = 0; n < 3; n++) {
                final int seq = n;
                assertTrue(calls.stream().anyMatch(c -> c.getResponse().getStatus() == 202
                        && c.getRequest().getBodyAsString().contains("\"e" + seq + "\"")), "event " + n + " delivered");
            }
        } finally {
            a.close();
        }
    }

    @Test
    void theOneSignalAppLimitHoldsForTheWholeGroup() throws Exception {
        Map<String, String> limited = Map.of("onesignal.max-requests-per-second", "20",
                "onesignal.user-write-interval-ms", "1");
        RunningBridge a = bridge("bridge-limit-a", broker.bootstrapServers(), limited);
        RunningBridge b = bridge("bridge-limit-b", broker.bootstrapServers(), limited);
        try {
            // each instance owns half of the partitions, so it takes half of the app's 20 calls per second
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    a.context().hasService(org.sobridge.kafka.GroupShare.class).share() == 0.5
                            && b.context().hasService(org.sobridge.kafka.GroupShare.class).share() == 0.5);
            fake.resetRequests();
            String events = java.util.stream.IntStream.range(0, 120)
                    .mapToObj(i -> "{\"type\":\"identify\",\"userId\":\"lim-" + i + "\",\"messageId\":\"lim-m" + i
                            + "-" + System.nanoTime() + "\",\"traits\":{\"n\":" + i + "}}")
                    .collect(java.util.stream.Collectors.joining(",", "[", "]"));
            assertEquals(200, a.post("/v1/segment", events).statusCode());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> fake.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().contains("/external_id/lim-")).count() == 120);
            List<Long> times = fake.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().contains("/external_id/lim-"))
                    .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
            // both instances together keep to 20 calls per second, where each alone allows 20: 120 calls take ~6 s
            long spanMs = times.get(times.size() - 1) - times.get(0);
            assertTrue(spanMs >= 4500, "120 calls at 20 per second take about 6 s: " + spanMs + " ms");
            // and no second holds twice as many: the limit holds when a call starts, and a second of arrivals can catch
            // the late tail of one second's calls and all of the next one's (each alone would allow 40 here)
            int most = 0;
            for (int i = 0, j = 0; i < times.size(); i++) {
                while (times.get(i) - times.get(j) >= 1000) {
                    j++;
                }
                most = Math.max(most, i - j + 1);
            }
            assertTrue(most < 40, "calls in the busiest second, both instances together (each alone allows 20): "
                    + most + " of " + times.stream().map(t -> t - times.get(0)).toList());
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void namedSourcesTravelWithTheirRecordsAndPoisonRecordsAreDeadLetteredWithoutBlockingThePartition(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path deadLetters) throws Exception {
        RunningBridge a = bridge("bridge-sources", broker.bootstrapServers(), Map.of(
                "dead-letter.dir", deadLetters.toString(),
                "segment.sources", "shop",
                "source.shop.onesignal-app-id", "shop-app",
                "source.shop.onesignal-api-key", "shop-key"));
        try {
            long dlqBefore = broker.endOffset("segment-in-dlq");
            // a record no bridge wrote: not even JSON
            java.util.Properties config = new java.util.Properties();
            config.put("bootstrap.servers", broker.bootstrapServers());
            config.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
            config.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(config)) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("segment-in", "shopper",
                        "this is not an event")).get();
            }
            // then, on the same partition (same key), an event through the named source
            var answer = a.post("/v1/segment/shop", identify("shopper", 1));
            assertEquals(200, answer.statusCode(), answer.body());

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> fake.getAllServeEvents().stream()
                    .anyMatch(e -> e.getRequest().getUrl().equals("/apps/shop-app/users/by/external_id/shopper")));
            ServeEvent call = fake.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().equals("/apps/shop-app/users/by/external_id/shopper"))
                    .findFirst().orElseThrow();
            assertEquals("Key shop-key", call.getRequest().getHeader("Authorization"), "the source's own API key");
            assertTrue(patchesFor("shopper").isEmpty(), "nothing went to the default app");
            // the poison record is kept whole, in the file and on the DLQ topic
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> broker.endOffset("segment-in-dlq") > dlqBefore);
            String lines = OneSignalEvents.deadLetters(deadLetters).toString();
            assertTrue(lines.contains("\"body\":\"this is not an event\""), lines);
            assertTrue(lines.contains("Kafka record is not an event"), lines);
        } finally {
            a.close();
        }
    }
}
