package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/**
 * Operating the bridge: traffic of every outcome (delivered, dropped, dead-lettered, retry later, in both
 * directions), then what an operator finds: each event by its messageId on /observe/events, the log lines about
 * each event with its direction, messageId and source (and no traits, no key), and every metric that the Grafana
 * dashboard and the Prometheus rules in monitoring/ use exported on /observe/metrics.
 */
class OperatingTest {

    static final String API_KEY = "os_v2_app_operating_key";
    static final String WRITE_KEY = "segment-operating-write-key";
    static final String TRAIT = "trait-value-never-logged";
    static final String DATA_OUT_ID = "6c1e0f8e-1111-4a4a-9999-0000000000aa";

    static WireMockServer oneSignal;
    static WireMockServer segment;
    static RunningBridge bridge;
    static int managementPort;
    static LogCapture logs;
    static int webhookStatus;
    static int retryStatus;

    @BeforeAll
    static void start() throws Exception {
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort());
        oneSignal.start();
        oneSignal.stubFor(patch(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"properties\":{}}")));
        oneSignal.stubFor(patch(urlPathMatching(".*/external_id/refused-user")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":[\"tag value too long\"]}")));
        oneSignal.stubFor(patch(urlPathMatching(".*/external_id/flaky-user")).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        segment = new WireMockServer(wireMockConfig().dynamicPort());
        segment.start();
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(200).withBody("{}")));

        managementPort = RunningBridge.freePort();
        Map<String, String> properties = new HashMap<>();
        properties.put("onesignal.api-url", "http://127.0.0.1:" + oneSignal.port());
        properties.put("onesignal.api-key", API_KEY);
        properties.put("onesignal.app-id", "app-operating");
        properties.put("onesignal.max-retries", "1");
        properties.put("onesignal.retry-delay-ms", "1");
        properties.put("onesignal.user-write-interval-ms", "1");
        properties.put("segment.api-url", "http://127.0.0.1:" + segment.port());
        properties.put("segment.write-key", WRITE_KEY);
        properties.put("dead-letter.dir", Files.createTempDirectory("operating-dead-letters").toString());
        properties.put("camel.management.enabled", "true");
        properties.put("camel.management.host", "127.0.0.1");
        properties.put("camel.management.port", String.valueOf(managementPort));
        bridge = RunningBridge.start(properties);
        logs = LogCapture.attach();

        webhookStatus = bridge.post("/v1/segment", """
                [{"type": "identify", "userId": "happy-user", "messageId": "op-delivered", "traits": {"plan": "%s"}},
                 {"type": "page", "userId": "happy-user", "messageId": "op-dropped"},
                 {"type": "identify", "userId": "refused-user", "messageId": "op-dead", "traits": {"plan": "%s"}}]
                """.formatted(TRAIT, TRAIT)).statusCode();
        retryStatus = bridge.post("/v1/segment", """
                {"type": "identify", "userId": "flaky-user", "messageId": "op-retry", "traits": {"plan": "%s"}}
                """.formatted(TRAIT)).statusCode();
        String dataOut = Files.readString(Path.of("examples", "push-clicked.json"))
                .replace("6c1e0f8e-1111-4a4a-9999-000000000027", DATA_OUT_ID);
        assertEquals(200, bridge.post("/v1/onesignal/events", dataOut).statusCode());
    }

    @AfterAll
    static void stop() {
        logs.close();
        bridge.close();
        oneSignal.stop();
        segment.stop();
    }

    static JsonNode get(String path) throws Exception {
        var answer = BridgeProcess.get(managementPort, path);
        JsonNode json = Json.mapper().readTree(answer.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("httpStatus", answer.statusCode());
        return json;
    }

    /** The newest outcome remembered for a messageId. */
    static JsonNode outcome(String messageId) throws Exception {
        JsonNode answer = get("/observe/events/" + messageId);
        assertEquals(200, answer.path("httpStatus").asInt(), answer.toString());
        assertEquals(messageId, answer.path("messageId").asText());
        return answer.path("outcomes").get(0);
    }

    @Test
    void theRequestsWereAnsweredAsTheirEventsRequire() {
        assertEquals(200, webhookStatus, "delivered, dropped and dead-lettered events: answered");
        assertEquals(503, retryStatus, "OneSignal could not take the event: the sender retries");
    }

    @Test
    void anEventOfEachOutcomeIsFoundByItsMessageIdWithItsReason() throws Exception {
        JsonNode delivered = outcome("op-delivered");
        assertEquals("delivered", delivered.path("outcome").asText());
        assertEquals(202, delivered.path("status").asInt());
        assertEquals(1, delivered.path("attempts").asInt());
        assertEquals("segment-to-onesignal", delivered.path("direction").asText());
        assertEquals("default", delivered.path("source").asText());

        JsonNode dropped = outcome("op-dropped");
        assertEquals("dropped", dropped.path("outcome").asText());
        assertEquals("unsupported type: page", dropped.path("reason").asText());

        JsonNode dead = outcome("op-dead");
        assertEquals("dead-letter", dead.path("outcome").asText());
        assertEquals("OneSignal answered 400: tag value too long", dead.path("reason").asText());
        assertEquals(400, dead.path("status").asInt());

        JsonNode retry = outcome("op-retry");
        assertEquals("retry-later", retry.path("outcome").asText());
        assertTrue(retry.path("reason").asText().startsWith("OneSignal did not take the user's update"),
                retry.toString());

        JsonNode dataOut = outcome(DATA_OUT_ID);
        assertEquals("delivered", dataOut.path("outcome").asText());
        assertEquals("onesignal-to-segment", dataOut.path("direction").asText());
        assertEquals("onesignal", dataOut.path("source").asText());
        assertEquals(200, dataOut.path("status").asInt());

        JsonNode unknown = get("/observe/events/never-seen");
        assertEquals(404, unknown.path("httpStatus").asInt());
    }

    @Test
    void theLatestEventsAreListedByOutcome() throws Exception {
        assertEquals(List.of("op-dropped"), messageIds(get("/observe/events?outcome=dropped")));
        assertEquals(List.of("op-dead"), messageIds(get("/observe/events?outcome=dead-letter")));
        assertEquals(List.of("op-retry"), messageIds(get("/observe/events?outcome=retry-later")));
        assertTrue(messageIds(get("/observe/events?outcome=delivered"))
                .containsAll(List.of("op-delivered", DATA_OUT_ID)));
        assertEquals(1, get("/observe/events?limit=1").path("events").size());
        assertEquals(400, get("/observe/events?outcome=lost").path("httpStatus").asInt());
    }

    static List<String> messageIds(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("events").forEach(event -> ids.add(event.path("messageId").asText()));
        return ids;
    }

    @Test
    void everyLogLineAboutAnEventCarriesItsDirectionMessageIdAndSourceAndNoTraitOrKey() {
        Map<String, String> lineAbout = new HashMap<>();
        for (LogCapture.Line line : logs.lines()) {
            assertFalse(line.text().contains(TRAIT), "no trait value in the log: " + line.text());
            assertFalse(line.text().contains(API_KEY) || line.text().contains(WRITE_KEY), "no key: " + line.text());
            String messageId = line.context().get("messageId");
            if (messageId != null) {
                assertTrue(line.context().containsKey("direction") && line.context().containsKey("source"),
                        line.context().toString());
                lineAbout.putIfAbsent(messageId, line.text());
            }
        }
        assertTrue(lineAbout.get("op-dropped").contains("[segment-to-onesignal] messageId=op-dropped source=default "
                + "Dropped event 1 of its request: unsupported type: page"), lineAbout.toString());
        assertTrue(lineAbout.get("op-dead").contains("[segment-to-onesignal] messageId=op-dead source=default"),
                lineAbout.toString());
        assertTrue(lineAbout.get("op-retry").contains("[segment-to-onesignal] messageId=op-retry source=default"),
                lineAbout.toString());
    }

    @Test
    void everyMetricNameOfTheDashboardAndTheRulesIsExported() throws Exception {
        Set<String> used = new TreeSet<>();
        JsonNode dashboard = Json.mapper().readTree(
                Path.of("monitoring", "grafana", "dashboards", "segment-onesignal-bridge.json").toFile());
        dashboard.findValues("expr").forEach(expr -> used.addAll(metricNames(expr.asText())));
        int fromDashboard = used.size();
        JsonNode rules = new YAMLMapper().readTree(Path.of("monitoring", "prometheus", "alerts.yml").toFile());
        rules.findValues("expr").forEach(expr -> used.addAll(metricNames(expr.asText())));
        assertTrue(fromDashboard >= 15 && used.size() > fromDashboard, "names found: " + used);

        Set<String> exported = new TreeSet<>();
        for (String line : BridgeProcess.get(managementPort, "/observe/metrics").body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        // Prometheus makes this one itself for every target it scrapes
        exported.add("up");
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), "used by monitoring/ but not exported: " + missing + "; exported: " + exported);
    }

    /** The metric names in a PromQL expression: the bridge's, the JVM's and the process's, and Prometheus's up. */
    static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b(?:(?:bridge|jvm|process|system)_[a-z0-9_]+|up(?=\\{))")
                .matcher(promql.replaceAll("\"[^\"]*\"", "\"\""));
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }
}
