package org.sobridge.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventEnvelopeTest {

    @ParameterizedTest(name = "{0} → {1} events")
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"identify\"}|1",
        "[{\"type\":\"identify\"},{\"type\":\"track\"}]|2",
        "[]|0",
        "{\"batch\":[{\"type\":\"identify\"},{\"type\":\"track\"},{}]}|3",
        "{\"batch\":[]}|0",
        "{\"type\":\"track\",\"batch\":[1,2]}|1",
        "  \n{\"events\":[{}]}  |1",
    })
    void readsEveryEnvelope(String body, int count) {
        assertEquals(count, EventEnvelope.events(body.getBytes(StandardCharsets.UTF_8), "batch").size());
    }

    @ParameterizedTest(name = "{0} → 400")
    @CsvSource(delimiter = '|', value = {
        "{\"batch\":{}}",
        "{\"batch\":\"x\"}",
        "42",
        "\"text\"",
        "null",
        "{\"a\":",
        "{\"a\":1}{\"b\":2}",
        "'single'",
    })
    void rejectsWhatIsNotAnEventEnvelope(String body) {
        HttpProblem problem = assertThrows(HttpProblem.class,
                () -> EventEnvelope.events(body.getBytes(StandardCharsets.UTF_8), "batch"));
        assertEquals(400, problem.status());
    }

    @ParameterizedTest(name = "OneSignal list field: {0}")
    @CsvSource(delimiter = '|', value = {
        "{\"events\":[{},{}]}|2",
        "{\"event\":{\"kind\":\"x\"},\"message\":{}}|1",
    })
    void readsOneSignalEnvelopes(String body, int count) {
        assertEquals(count, EventEnvelope.events(body.getBytes(StandardCharsets.UTF_8), "events").size());
    }

    @org.junit.jupiter.api.Test
    void emptyAndTooDeepBodiesAre400() {
        assertEquals(400, assertThrows(HttpProblem.class, () -> EventEnvelope.events(new byte[0], "batch")).status());
        assertEquals(400, assertThrows(HttpProblem.class, () -> EventEnvelope.events("   ".getBytes(StandardCharsets.UTF_8), "batch")).status());
        byte[] deep = ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
        assertEquals(400, assertThrows(HttpProblem.class, () -> EventEnvelope.events(deep, "batch")).status());
    }

    /** A Liquid template renders texts verbatim: a newline or a tab in a title arrives raw inside a JSON string. */
    @org.junit.jupiter.api.Test
    void theDataOutReaderTakesRawControlCharactersInStringsAndOnlyIt() {
        byte[] body = "{\"event\":{\"kind\":\"k\"},\"message\":{\"title\":\"line 1\nline 2\ttab \u0001\"}}"
                .getBytes(StandardCharsets.UTF_8);
        var events = EventEnvelope.events(body, "events", org.sobridge.json.Json.controlCharsReader());
        assertEquals("line 1\nline 2\ttab \u0001", events.get(0).at("/message/title").asText());
        assertEquals(400, assertThrows(HttpProblem.class, () -> EventEnvelope.events(body, "events")).status());
    }

    @ParameterizedTest(name = "Data Out reader: {0} → 400")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":",
        "{\"a\":1}{\"b\":2}",
        "{\"a\":1} x",
        "'single'",
        "{\"a\":\"\\q\"}",
    })
    void theDataOutReaderStillRefusesWhatIsNotJson(String body) {
        assertEquals(400, assertThrows(HttpProblem.class, () -> EventEnvelope.events(
                body.getBytes(StandardCharsets.UTF_8), "events", org.sobridge.json.Json.controlCharsReader())).status());
        assertEquals(400, assertThrows(HttpProblem.class, () -> EventEnvelope.events(
                new byte[0], "events", org.sobridge.json.Json.controlCharsReader())).status());
    }
}
