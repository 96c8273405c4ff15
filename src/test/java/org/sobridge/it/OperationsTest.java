package org.sobridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sobridge.json.Json;

/** Hot reload of routes/, JMX route management, health and metrics on the management port. */
class OperationsTest {

    @TempDir
    static Path routes;

    static RunningBridge bridge;
    static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        managementPort = RunningBridge.freePort();
        bridge = RunningBridge.start(Map.of(
                "camel.main.routesIncludePattern", "file:" + routes + "/*.camel.yaml",
                "camel.main.routesReloadEnabled", "true",
                "camel.main.routesReloadDirectory", routes.toString(),
                "camel.management.enabled", "true",
                "camel.management.host", "127.0.0.1",
                "camel.management.port", String.valueOf(managementPort)));
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    static String helloRoute(String answer) {
        return """
                - route:
                    id: hello
                    from:
                      uri: platform-http:/test/hello
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(answer);
    }

    /** Writes like an integrator should: a temp file moved into place, so the watcher never sees half a file. */
    static void deploy(String name, String yaml) throws Exception {
        Path tmp = Files.createTempFile(routes.getParent(), "route", ".tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, routes.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String hello() {
        var response = RunningBridge.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + bridge.port() + "/test/hello")).GET().build());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void editingARouteFileReloadsItAndABrokenEditKeepsTheOldRouteServing() throws Exception {
        deploy("90-hello.camel.yaml", helloRoute("v1"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("200 v1", hello()));

        deploy("90-hello.camel.yaml", helloRoute("v2"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("200 v2", hello()));

        deploy("90-hello.camel.yaml", helloRoute("v3").replace("setBody:", "setBodyy:"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(health().toString().contains("failed, the previous routes keep serving"), health().toString()));
        assertEquals("200 v2", hello(), "the previous route keeps serving");
        JsonNode health = health();
        assertEquals("UP", health.get("status").asText());
        assertTrue(health.toString().contains("90-hello.camel.yaml") || health.toString().contains("setBodyy"),
                health.toString());

        deploy("90-hello.camel.yaml", helloRoute("v4"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("200 v4", hello()));
    }

    @Test
    void routesCanBeStoppedAndStartedOverJmx() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(
                new ObjectName("org.apache.camel:type=routes,name=\"segment-ingest\",*"), null);
        assertEquals(1, names.size(), names.toString());
        ObjectName route = names.iterator().next();
        String event = "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}";

        assertEquals("Started", server.getAttribute(route, "State"));
        server.invoke(route, "stop", null, null);
        assertEquals("Stopped", server.getAttribute(route, "State"));
        assertEquals(404, bridge.post("/v1/segment", event).statusCode());

        server.invoke(route, "start", null, null);
        assertEquals("Started", server.getAttribute(route, "State"));
        assertEquals(200, bridge.post("/v1/segment", event).statusCode());
    }

    @Test
    void healthAndPrometheusMetricsAreServedOnTheManagementPort() throws Exception {
        assertEquals(200, bridge.post("/v1/segment", "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}").statusCode());
        assertEquals("UP", health().get("status").asText());
        var live = BridgeProcess.get(managementPort, "/observe/health/live");
        assertEquals(200, live.statusCode());
        var metrics = BridgeProcess.get(managementPort, "/observe/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(java.util.regex.Pattern.compile("(?m)^bridge_route_exchanges_completed_total\\{route=\"segment-ingest\"} [1-9]")
                        .matcher(metrics.body()).find(),
                "Prometheus text with each route's counters, from Camel's JMX statistics: " + metrics.body());
        assertTrue(metrics.body().contains("bridge_requests_inflight{route=\"segment-ingest\"} 0.0"), metrics.body());
        assertEquals(200, bridge.post("/v1/segment", "[{\"type\":\"page\",\"userId\":\"u\"},{\"type\":\"identify\"}]").statusCode());
        String after = BridgeProcess.get(managementPort, "/observe/metrics").body();
        assertTrue(after.contains("bridge_events_received_total{direction=\"segment-to-onesignal\"}"), after);
        assertTrue(after.contains("bridge_events_dropped_total{direction=\"segment-to-onesignal\",reason=\"unsupported type\"} 1.0"), after);
        assertTrue(after.contains("bridge_events_accepted_total{direction=\"segment-to-onesignal\"}"), after);
        assertTrue(after.contains("bridge_request_duration_seconds_bucket{direction=\"segment-to-onesignal\""), after);
        assertTrue(after.contains("bridge_circuit_breaker_open{downstream=\"onesignal\"} 0.0"), after);
    }

    static JsonNode health() throws Exception {
        return Json.mapper().readTree(BridgeProcess.get(managementPort, "/observe/health").body());
    }
}
