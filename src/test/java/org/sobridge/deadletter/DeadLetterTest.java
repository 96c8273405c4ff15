package org.sobridge.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.sobridge.downstream.DownstreamUnavailableException;
import org.sobridge.json.Json;

class DeadLetterTest {

    static final Instant TIME = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void anUnreadableBodyIsKeptWholeAsTextAndReplayedAsItWas() throws Exception {
        String body = "{\"message\": {\"title\": \"say \"hi\"\n😀\"}}";
        DeadLetter letter = DeadLetter.unreadable(DeadLetter.DATA_OUT, "body is not valid JSON: x", TIME,
                body.getBytes(StandardCharsets.UTF_8));
        String line = letter.getLine();
        JsonNode json = Json.mapper().readTree(line);
        assertEquals(Json.mapper().readTree("{\"time\":\"2026-12-01T10:00:00Z\",\"direction\":\"onesignal-to-segment\","
                + "\"reason\":\"body is not valid JSON: x\",\"status\":0,\"attempts\":0}"), ((com.fasterxml.jackson.databind.node.ObjectNode) json.deepCopy()).without("body"));
        assertEquals(body, json.get("body").asText());
        assertFalse(json.has("event"));
        DeadLetter read = DeadLetter.fromLine(line);
        assertNull(read.event());
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), read.getEventBytes());
        assertNull(read.messageId());
    }

    @Test
    void bytesThatAreNotUtf8AreKeptInBase64() throws Exception {
        byte[] body = {'{', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}'};
        String line = DeadLetter.unreadable(DeadLetter.DATA_OUT, "r", TIME, body).getLine();
        assertEquals("e8Mo/30=", Json.mapper().readTree(line).get("bodyBase64").asText());
        assertArrayEquals(body, DeadLetter.fromLine(line).getEventBytes());
    }

    @Test
    void anEventsLetterIsUnchanged() throws Exception {
        JsonNode event = Json.mapper().readTree("{\"type\":\"identify\",\"messageId\":\"m-1\"}");
        DeadLetter letter = new DeadLetter(DeadLetter.DATA_IN, "refused", 400, 1, TIME, event, "web");
        String line = letter.getLine();
        assertEquals("{\"time\":\"2026-12-01T10:00:00Z\",\"direction\":\"segment-to-onesignal\",\"reason\":\"refused\","
                + "\"status\":400,\"attempts\":1,\"source\":\"web\",\"event\":{\"type\":\"identify\",\"messageId\":\"m-1\"}}\n", line);
        DeadLetter read = DeadLetter.fromLine(line);
        assertEquals(event, read.event());
        assertEquals("m-1", read.messageId());
        assertEquals("web", read.source());
    }

    @Test
    void aLineWithNeitherEventNorBodyIsNotADeadLetter() {
        assertEquals("no event object", assertThrows(IllegalArgumentException.class,
                () -> DeadLetter.fromLine("{\"direction\":\"onesignal-to-segment\",\"event\":\"x\"}")).getMessage());
        assertEquals("bodyBase64 is not base64", assertThrows(IllegalArgumentException.class,
                () -> DeadLetter.fromLine("{\"direction\":\"onesignal-to-segment\",\"bodyBase64\":\"*\"}")).getMessage());
    }

    @Test
    void aReplayPollIsHeldBackOnlyByLettersThatMayGoThroughLater() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        ReplayReport report = new ReplayReport();
        exchange.setProperty(ReplayReport.PROPERTY, report);
        report.failed(DeadLetter.DATA_OUT, "body is not valid JSON: x", false);
        assertDoesNotThrow(() -> new RequireReplayed().process(exchange));
        report.failed(DeadLetter.DATA_OUT, "not delivered now", true);
        assertThrows(DownstreamUnavailableException.class, () -> new RequireReplayed().process(exchange));
        assertEquals(2, report.toJson().get("failed").asInt());
    }
}
