package org.sobridge.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.sobridge.json.Json;

/**
 * Segment {@code track} → one OneSignal custom event, and custom events → request bodies within
 * OneSignal's limits. Pure functions; no I/O.
 */
public final class CustomEvents {

    /** OneSignal's limit on one event, serialized. */
    public static final int MAX_EVENT_BYTES = 2024;
    /** OneSignal's limit on one request body (1 MB, counted conservatively as 10^6 bytes). */
    public static final int MAX_REQUEST_BYTES = 1_000_000;
    public static final int MAX_NAME_CHARS = 128;

    /** {"events":[ and ]} around the events, plus a comma between two events. */
    private static final int ENVELOPE_BYTES = "{\"events\":[]}".length();

    /** What one track call becomes. */
    public sealed interface Result {
    }

    /** @param bytes size of the serialized event */
    public record Event(ObjectNode event, int bytes) implements Result {
    }

    public record Dropped(String reason) implements Result {
    }

    private CustomEvents() {
    }

    /**
     * The custom event of a track call: name = event, external_id = userId, timestamp (ISO-8601, when the call
     * has a valid one), properties (nested allowed; keys in TAGS_DENY removed), and an idempotency key derived
     * from the Segment messageId.
     */
    public static Result map(JsonNode track, String messageId, TagPolicy policy) {
        if (track == null || !track.isObject() || !"track".equals(track.path("type").asText())) {
            return new Dropped("not a track call");
        }
        JsonNode userIdNode = track.get("userId");
        String userId = userIdNode == null || !userIdNode.isValueNode() || userIdNode.isNull()
                ? null : (userIdNode.isNumber() ? TagValues.scalar(userIdNode) : userIdNode.asText());
        if (userId == null || userId.isBlank()) {
            return new Dropped(SegmentToOneSignal.NO_USER_ID);
        }
        JsonNode nameNode = track.get("event");
        String name = nameNode == null || !nameNode.isTextual() ? null : nameNode.asText();
        if (name == null || name.isBlank()) {
            return new Dropped("track call without an event name");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_CHARS) {
            return new Dropped("event name longer than " + MAX_NAME_CHARS + " characters");
        }
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("name", name);
        event.put("external_id", userId);
        String timestamp = timestamp(track.get("timestamp"));
        if (timestamp != null) {
            event.put("timestamp", timestamp);
        }
        ObjectNode properties = event.putObject("properties");
        JsonNode source = track.get("properties");
        if (source != null && source.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!policy.denied(field.getKey())) {
                    properties.set(field.getKey(), field.getValue());
                }
            }
        }
        event.put("idempotency_key", idempotencyKey(messageId, track).toString());
        int bytes = size(event);
        if (bytes > MAX_EVENT_BYTES) {
            return new Dropped("custom event is " + bytes + " bytes, over OneSignal's limit of " + MAX_EVENT_BYTES);
        }
        return new Event(event, bytes);
    }

    /**
     * A stable UUID for a Segment message: the same messageId always gives the same key, so OneSignal ignores the
     * copy a retry sends. Without a messageId, the key is derived from the whole call.
     */
    public static UUID idempotencyKey(String messageId, JsonNode track) {
        byte[] seed;
        if (messageId != null && !messageId.isBlank()) {
            seed = ("segment-message:" + messageId).getBytes(StandardCharsets.UTF_8);
        } else {
            seed = ("segment-event:" + track.toString()).getBytes(StandardCharsets.UTF_8);
        }
        return UUID.nameUUIDFromBytes(seed);
    }

    /**
     * Groups events (each at most {@link #MAX_EVENT_BYTES}) into request bodies {@code {"events":[...]}} of at
     * most {@code maxRequestBytes}, keeping their order.
     */
    public static List<List<Event>> batches(List<Event> events, int maxRequestBytes) {
        List<List<Event>> batches = new ArrayList<>();
        List<Event> current = new ArrayList<>();
        int size = ENVELOPE_BYTES;
        for (Event event : events) {
            int added = event.bytes() + (current.isEmpty() ? 0 : 1);
            if (!current.isEmpty() && size + added > maxRequestBytes) {
                batches.add(List.copyOf(current));
                current = new ArrayList<>();
                size = ENVELOPE_BYTES;
                added = event.bytes();
            }
            current.add(event);
            size += added;
        }
        if (!current.isEmpty()) {
            batches.add(List.copyOf(current));
        }
        return batches;
    }

    /** The request body of one batch. */
    public static ObjectNode body(List<Event> batch) {
        ObjectNode body = Json.mapper().createObjectNode();
        batch.forEach(e -> body.withArray("events").add(e.event()));
        return body;
    }

    public static int size(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String timestamp(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.asText().trim();
        try {
            DateTimeFormatter.ISO_DATE_TIME.parse(text);
            return text;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
