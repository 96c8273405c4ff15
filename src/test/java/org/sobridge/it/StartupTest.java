package org.sobridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sobridge.json.Json;

/** The run contract: one JVM, configured by environment variables, healthy on the management port. */
class StartupTest {

    @Test
    void startsInDryRunWithNoCredentialsAndEnvironmentVariablesOverrideTheFile() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(Map.of(
                "ONESIGNAL_APP_ID", "env-app",
                "TAGS_DENY", "secret_trait",
                "SEGMENT_SHARED_SECRET", ""))) {
            bridge.awaitHealthy();
            JsonNode health = Json.mapper().readTree(BridgeProcess.get(bridge.managementPort(), "/observe/health").body());
            assertEquals("UP", health.get("status").asText());

            String event = "{\"type\":\"identify\",\"userId\":\"u 1\",\"traits\":{\"secret_trait\":\"x\",\"email\":\"a@b.c\",\"plan\":\"pro\"}}";
            var response = RunningBridge.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + bridge.port() + "/v1/segment"))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode answer = Json.mapper().readTree(response.body());
            assertTrue(answer.get("dryRun").asBoolean());
            assertEquals(Json.mapper().readTree("[{\"method\":\"PATCH\",\"path\":\"/apps/env-app/users/by/external_id/u%201\","
                    + "\"body\":{\"properties\":{\"tags\":{\"email\":\"a@b.c\",\"plan\":\"pro\"}}}}]"), answer.get("requests"));
            assertTrue(bridge.output().contains("DRY RUN (Data In)"), "dry-run is announced loudly");
            assertTrue(bridge.output().contains("SEGMENT_SHARED_SECRET is empty"));
        }
    }

    @Test
    void jsonLogLinesOnRequest() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(Map.of("LOG_FORMAT", "json"))) {
            bridge.awaitHealthy();
            String line = bridge.output().lines().filter(l -> l.contains("DRY RUN (Data In)")).findFirst().orElseThrow();
            JsonNode json = Json.mapper().readTree(line);
            assertEquals("WARN", json.get("level").asText());
            assertTrue(json.get("message").asText().contains("nothing is sent to OneSignal"));
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "BRIDGE_PORT|abc", "BRIDGE_PORT|-1", "BRIDGE_PORT|65536", "BRIDGE_MANAGEMENT_PORT|99999", "BRIDGE_MANAGEMENT_PORT|8o8o"})
    void aPortThatIsNotAPortNumberStopsStartUpWithOneLine(String variable, String value) throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(Map.of(variable, value))) {
            assertEquals(2, bridge.awaitExit(Duration.ofSeconds(60)), bridge.output());
            assertOneLine(bridge.output(), "segment-onesignal-bridge: configuration error: " + variable + ": '" + value
                    + "' is not a port number; expected a port number from 0 to 65535 (0: any free port)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"BRIDGE_PORT", "BRIDGE_MANAGEMENT_PORT"})
    void aPortAnotherProcessHoldsStopsStartUpWithOneLineNamingThePortAndTheVariable(String variable) throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             BridgeProcess bridge = BridgeProcess.start(Map.of(variable, String.valueOf(held.getLocalPort())))) {
            assertEquals(2, bridge.awaitExit(Duration.ofSeconds(60)), bridge.output());
            assertOneLine(bridge.output(), "segment-onesignal-bridge: configuration error: " + variable
                    + ": cannot listen on 127.0.0.1:" + held.getLocalPort()
                    + " (Address already in use); expected a port no other process uses");
        }
    }

    /** The line is there once, and no stack trace. */
    static void assertOneLine(String output, String line) {
        assertEquals(1, output.lines().filter(l -> l.equals(line)).count(), output);
        assertEquals(1, output.lines().filter(l -> l.contains("configuration error")).count(), output);
        assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
    }

    @Test
    void aBadValueStopsStartUpWithOneLineNamingTheKey() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(Map.of("SEGMENT_REGION", "mars"))) {
            assertEquals(2, bridge.awaitExit(Duration.ofSeconds(60)));
            String output = bridge.output();
            assertTrue(output.contains("configuration error: SEGMENT_REGION: 'mars' is not a known value; expected us or eu"),
                    output);
            assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
        }
    }
}
