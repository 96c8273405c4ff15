package org.sobridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/**
 * Camel JBang's CLI against the bridge as users run it (its own JVM): camel-cli-connector writes
 * ~/.camel/&lt;pid&gt;-status.json, which {@code camel get}, {@code camel get route} and {@code camel top} read (route
 * id, state, uptime and statistics per route, the context's name), and the log goes to ~/.camel/&lt;pid&gt;.log, which
 * {@code camel log} tails. Camel JBang itself is not available here, so these tests read what it reads.
 */
class CamelCliTest {

    static final String SECRET = "cli-test-shared-secret-1234";
    static final String ADMIN_TOKEN = "cli-test-admin-token-5678";
    static final String EVENT_ID = "cli-test-event-0001";

    static BridgeProcess bridge;
    static Path camelDir;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("BRIDGE_CLI_CONNECTOR", "true");
        env.put("LOG_FORMAT", "json");
        env.put("SEGMENT_SHARED_SECRET", SECRET);
        env.put("BRIDGE_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("DEAD_LETTER_DIR", Files.createTempDirectory("cli-dead-letters").toString());
        bridge = BridgeProcess.start(env).awaitHealthy();
        camelDir = Path.of(System.getProperty("user.home"), ".camel");
        // a Data Out event whose name is not a OneSignal message event: dropped, with a log line about it
        String event = """
                {"event": {"id": "%s", "kind": "message.push.unknown", "timestamp": "1709287200",
                 "app_id": "app-1", "external_id": "cli-user"}}""".formatted(EVENT_ID);
        var answer = RunningBridge.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + bridge.port() + "/v1/onesignal/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event)).build());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains(EVENT_ID), answer.body());
    }

    @AfterAll
    static void stop() throws Exception {
        long pid = bridge.process().pid();
        bridge.close();
        assertFalse(Files.exists(camelDir.resolve(pid + "-status.json")), "the status file goes with the bridge");
        assertFalse(Files.exists(camelDir.resolve(pid + ".log")), "the log copy goes with the bridge");
    }

    static JsonNode status() throws Exception {
        return Json.mapper().readTree(Files.readString(camelDir.resolve(bridge.process().pid() + "-status.json")));
    }

    static JsonNode route(JsonNode status, String routeId) {
        for (JsonNode route : status.path("routes")) {
            if (routeId.equals(route.path("routeId").asText())) {
                return route;
            }
        }
        return null;
    }

    @Test
    void theStatusFileListsTheBridgesRoutesWithTheirStatesAndCounters() {
        // the connector rewrites the file every second: read it until it shows the request's exchanges
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            JsonNode status = status();
            assertEquals("segment-onesignal-bridge", status.path("context").path("name").asText(),
                    "camel get matches the integration by this name");
            JsonNode ingest = route(status, "onesignal-ingest");
            assertNotNull(ingest, "the route is listed");
            assertEquals("Started", ingest.path("state").asText());
            assertTrue(ingest.path("statistics").path("exchangesTotal").asLong() >= 1, ingest.toString());
            for (String counter : new String[] {"exchangesFailed", "exchangesInflight", "meanProcessingTime",
                    "maxProcessingTime", "minProcessingTime"}) {
                assertTrue(ingest.path("statistics").has(counter), counter + " in " + ingest);
            }
            assertEquals("Started", route(status, "segment-ingest").path("state").asText());
            assertEquals("Stopped", route(status, "segment-in-consumer").path("state").asText(),
                    "the Kafka routes do not run in direct mode");
        });
    }

    @Test
    void theStatusFileHoldsNoSecretAndCamelBuildsNoEventPerExchange() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> status().path("properties").has("properties"));
        String text = Files.readString(camelDir.resolve(bridge.process().pid() + "-status.json"));
        assertFalse(text.contains(SECRET), "the webhook secret is masked");
        assertFalse(text.contains(ADMIN_TOKEN), "the admin token is masked");
        assertTrue(text.contains("segment.shared-secret"), "the key itself is listed");
        JsonNode events = status().path("events");
        assertTrue(events.has("routeEvents"), "camel get event shows route events: " + events);
        assertFalse(events.has("exchangeEvents"), "no event object is built per exchange: " + events);
    }

    @Test
    void camelLogReadsTheLogInCamelMainsLayoutWithTheEventsIds() throws Exception {
        Path log = camelDir.resolve(bridge.process().pid() + ".log");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(Files.readString(log).contains(EVENT_ID), "the drop is logged"));
        String line = Files.readString(log).lines().filter(l -> l.contains(EVENT_ID)).findFirst().orElseThrow();
        // camel log: "yyyy-MM-dd HH:mm:ss.SSS" and two spaces, the message after "---"
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}  .* --- .*"), line);
        assertTrue(line.contains("[onesignal-to-segment] messageId=" + EVENT_ID + " source=onesignal Dropped"), line);
    }

    @Test
    void jsonLogLinesAboutAnEventCarryItsDirectionMessageIdAndSourceAsFields() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> bridge.output().lines().anyMatch(l -> l.contains(EVENT_ID)));
        String line = bridge.output().lines().filter(l -> l.contains(EVENT_ID)).findFirst().orElseThrow();
        JsonNode json = Json.mapper().readTree(line);
        assertEquals("onesignal-to-segment", json.path("direction").asText(), line);
        assertEquals(EVENT_ID, json.path("messageId").asText(), line);
        assertEquals("onesignal", json.path("source").asText(), line);
        assertTrue(json.path("message").asText().startsWith("Dropped event 0"), line);
        String other = bridge.output().lines().filter(l -> l.contains("DRY RUN (Data In)")).findFirst().orElseThrow();
        assertFalse(Json.mapper().readTree(other).has("messageId"), "a line about no event has no such field");
    }
}
