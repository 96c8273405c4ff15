package org.sobridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/**
 * /observe/health shows what an operator needs, one check per part of the bridge (each direction, the dead
 * letters, breakers and refused keys, the last reload; Kafka only in kafka mode), no route stopped by design as UP,
 * and readiness follows every one of them.
 */
class HealthTest {

    static final List<String> DIRECT = List.of(
            "context", "data-in", "data-out", "dead-letters", "downstreams", "routes-reload");
    static final List<String> KAFKA = List.of(
            "context", "data-in", "data-out", "dead-letters", "kafka", "downstreams", "routes-reload",
            "consumer:segment-in-consumer", "consumer:onesignal-out-consumer", "kafka-polls");

    static RunningBridge start(int managementPort, Map<String, String> more) {
        Map<String, String> p = new HashMap<>(Map.of(
                "camel.management.enabled", "true",
                "camel.management.host", "127.0.0.1",
                "camel.management.port", String.valueOf(managementPort)));
        p.putAll(more);
        return RunningBridge.start(p);
    }

    static JsonNode health(int port, String path) throws Exception {
        return Json.mapper().readTree(BridgeProcess.get(port, path).body());
    }

    static List<String> names(JsonNode health) {
        List<String> names = new ArrayList<>();
        health.get("checks").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }

    static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    @Test
    void directModeShowsEachPartOnceAndNoKafkaAndAStoppedRouteTakesReadinessDown() throws Exception {
        int managementPort = RunningBridge.freePort();
        try (RunningBridge bridge = start(managementPort, Map.of())) {
            for (String path : List.of("/observe/health", "/observe/health/ready")) {
                JsonNode health = health(managementPort, path);
                assertEquals(DIRECT.stream().sorted().toList(), names(health).stream().sorted().toList(), path + ": " + health);
                assertEquals("UP", health.get("status").asText(), path + ": " + health);
            }
            JsonNode health = health(managementPort, "/observe/health");
            assertTrue(check(health, "data-in").get("message").asText()
                    .matches("Segment → OneSignal: \\d+ routes started \\(dry-run: nothing is sent to OneSignal\\)"), health.toString());
            assertTrue(check(health, "data-out").get("message").asText()
                    .matches("OneSignal → Segment: \\d+ routes started \\(dry-run: nothing is sent to Segment\\)"), health.toString());

            // an operator stops a route that should run (JMX): that direction, and readiness, are DOWN
            bridge.context().getRouteController().stopRoute("segment-ingest");
            var ready = BridgeProcess.get(managementPort, "/observe/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            JsonNode down = Json.mapper().readTree(ready.body());
            assertEquals("DOWN", check(down, "data-in").get("status").asText(), ready.body());
            assertEquals("Segment → OneSignal: routes not started: segment-ingest (Stopped)",
                    check(down, "data-in").get("message").asText());
            assertEquals("UP", check(down, "data-out").get("status").asText(), ready.body());
            assertEquals(200, BridgeProcess.get(managementPort, "/observe/health/live").statusCode(),
                    "the process itself is fine");

            bridge.context().getRouteController().startRoute("segment-ingest");
            assertEquals(200, BridgeProcess.get(managementPort, "/observe/health/ready").statusCode());
        }
    }

    @Test
    void kafkaModeAddsTheKafkaRoutesAndEachConsumersConnection() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopics(1, "segment-in", "onesignal-out");
            int managementPort = RunningBridge.freePort();
            try (RunningBridge bridge = start(managementPort, Map.of(
                    "bridge.transport", "kafka",
                    "kafka.bootstrap-servers", broker.bootstrapServers(),
                    "dead-letter.dir", "target/health-dead-letters"))) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    JsonNode ready = health(managementPort, "/observe/health/ready");
                    assertEquals("UP", ready.get("status").asText(), ready.toString());
                    assertEquals(KAFKA.stream().sorted().toList(), names(ready).stream().sorted().toList(), ready.toString());
                });
                JsonNode health = health(managementPort, "/observe/health");
                assertEquals(KAFKA.stream().sorted().toList(), names(health).stream().sorted().toList(), health.toString());
                assertEquals("Kafka publishers and consumers: 4 routes started", check(health, "kafka").get("message").asText());

                bridge.context().getRouteController().stopRoute("onesignal-out-consumer");
                JsonNode down = health(managementPort, "/observe/health/ready");
                assertEquals("DOWN", down.get("status").asText(), down.toString());
                assertEquals("DOWN", check(down, "kafka").get("status").asText(), down.toString());
                assertEquals("DOWN", check(down, "consumer:onesignal-out-consumer").get("status").asText(), down.toString());
            }
        }
    }
}
