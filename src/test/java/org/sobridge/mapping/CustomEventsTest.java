package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sobridge.json.Json;

class CustomEventsTest {

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String key(String messageId) {
        return UUID.nameUUIDFromBytes(("segment-message:" + messageId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** track call → the custom event (JSON). */
    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of("worked example 8",
                        "{\"type\":\"track\",\"userId\":\"u-7\",\"event\":\"Add to Cart\",\"messageId\":\"m-7\",\"timestamp\":\"2024-03-01T10:00:00.000Z\","
                                + "\"properties\":{\"product_name\":\"Sunglasses\",\"brand\":\"Rayban\"}}",
                        "{\"name\":\"Add to Cart\",\"external_id\":\"u-7\",\"timestamp\":\"2024-03-01T10:00:00.000Z\","
                                + "\"properties\":{\"product_name\":\"Sunglasses\",\"brand\":\"Rayban\"},\"idempotency_key\":\"" + key("m-7") + "\"}"),
                Arguments.of("nested properties stay nested; denied keys go; exact numbers",
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"messageId\":\"m\",\"properties\":{\"o\":{\"a\":[1,{\"b\":null}]},\"Email\":\"x\",\"n\":1.50}}",
                        "{\"name\":\"E\",\"external_id\":\"u\",\"properties\":{\"o\":{\"a\":[1,{\"b\":null}]},\"n\":1.50},\"idempotency_key\":\"" + key("m") + "\"}"),
                Arguments.of("no or invalid timestamp → none (OneSignal uses now); no properties → {}",
                        "{\"type\":\"track\",\"userId\":42,\"event\":\"E\",\"messageId\":\"m\",\"timestamp\":\"yesterday\"}",
                        "{\"name\":\"E\",\"external_id\":\"42\",\"properties\":{},\"idempotency_key\":\"" + key("m") + "\"}"),
                Arguments.of("offset timestamps are kept as sent",
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"messageId\":\"m\",\"timestamp\":\"2024-03-01T12:00:00+02:00\"}",
                        "{\"name\":\"E\",\"external_id\":\"u\",\"timestamp\":\"2024-03-01T12:00:00+02:00\",\"properties\":{},\"idempotency_key\":\"" + key("m") + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void mapsATrackToACustomEvent(String name, String track, String expected) {
        CustomEvents.Event event = assertInstanceOf(CustomEvents.Event.class,
                CustomEvents.map(json(track), json(track).path("messageId").asText(null), TagPolicy.defaults()));
        assertEquals(json(expected), event.event());
        assertEquals(CustomEvents.size(event.event()), event.bytes());
    }

    static Stream<Arguments> drops() {
        return Stream.of(
                Arguments.of("{\"type\":\"track\",\"event\":\"E\"}", SegmentToOneSignal.NO_USER_ID),
                Arguments.of("{\"type\":\"track\",\"userId\":\" \",\"event\":\"E\"}", SegmentToOneSignal.NO_USER_ID),
                Arguments.of("{\"type\":\"track\",\"userId\":\"u\"}", "track call without an event name"),
                Arguments.of("{\"type\":\"track\",\"userId\":\"u\",\"event\":7}", "track call without an event name"),
                Arguments.of("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"" + "n".repeat(129) + "\"}", "event name longer than 128 characters"),
                Arguments.of("{\"type\":\"identify\",\"userId\":\"u\"}", "not a track call"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("drops")
    void dropsWithAReason(String track, String reason) {
        assertEquals(reason, assertInstanceOf(CustomEvents.Dropped.class,
                CustomEvents.map(json(track), "m", TagPolicy.defaults())).reason());
    }

    @Test
    void aNameOfExactly128CharactersAndAnEventOfExactly2024BytesPass() {
        assertInstanceOf(CustomEvents.Event.class, CustomEvents.map(json(
                "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"" + "é".repeat(128) + "\"}"), "m", TagPolicy.defaults()));
        String base = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"p\":\"%s\"}}";
        int overhead = CustomEvents.size(((CustomEvents.Event) CustomEvents.map(json(String.format(base, "")), "m",
                TagPolicy.defaults())).event());
        String fits = "x".repeat(CustomEvents.MAX_EVENT_BYTES - overhead);
        CustomEvents.Event event = assertInstanceOf(CustomEvents.Event.class,
                CustomEvents.map(json(String.format(base, fits)), "m", TagPolicy.defaults()));
        assertEquals(CustomEvents.MAX_EVENT_BYTES, event.bytes());
        CustomEvents.Dropped dropped = assertInstanceOf(CustomEvents.Dropped.class,
                CustomEvents.map(json(String.format(base, fits + "x")), "m", TagPolicy.defaults()));
        assertEquals("custom event is 2025 bytes, over OneSignal's limit of 2024", dropped.reason());
    }

    @Test
    void theIdempotencyKeyIsStablePerMessageIdAndDerivedFromTheCallWithoutOne() {
        JsonNode a = json("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}");
        JsonNode b = json("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"F\"}");
        assertEquals(CustomEvents.idempotencyKey("m-1", a), CustomEvents.idempotencyKey("m-1", b));
        assertNotEquals(CustomEvents.idempotencyKey("m-1", a), CustomEvents.idempotencyKey("m-2", a));
        assertEquals(CustomEvents.idempotencyKey(null, a), CustomEvents.idempotencyKey(" ", a));
        assertNotEquals(CustomEvents.idempotencyKey(null, a), CustomEvents.idempotencyKey(null, b));
        assertEquals(3, CustomEvents.idempotencyKey("m-1", a).version());
    }

    @Test
    void batchesRespectTheRequestLimitAndKeepTheOrder() {
        List<CustomEvents.Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add((CustomEvents.Event) CustomEvents.map(json("{\"type\":\"track\",\"userId\":\"u" + i
                    + "\",\"event\":\"E\",\"properties\":{\"p\":\"" + "x".repeat(900) + "\"}}"), "m" + i, TagPolicy.defaults()));
        }
        int eventBytes = events.get(0).bytes();
        int limit = 13 + 3 * eventBytes + 2; // room for three events and their two commas
        List<List<CustomEvents.Event>> batches = CustomEvents.batches(events, limit);
        assertEquals(List.of(3, 3, 3, 1), batches.stream().map(List::size).toList());
        assertEquals(events, batches.stream().flatMap(List::stream).toList());
        for (List<CustomEvents.Event> batch : batches) {
            assertTrue(CustomEvents.size(CustomEvents.body(batch)) <= limit);
        }
        assertEquals(List.of(events), CustomEvents.batches(events, CustomEvents.MAX_REQUEST_BYTES));
        assertEquals(List.of(), CustomEvents.batches(List.of(), CustomEvents.MAX_REQUEST_BYTES));
    }
}
