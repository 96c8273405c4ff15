package org.sobridge.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.sobridge.config.SegmentSource;
import org.sobridge.json.Json;

/**
 * An event a downstream refused for good, kept with why, so that nothing accepted is lost: one line of the
 * append-only NDJSON dead-letter file, and the unit a replay sends again.
 *
 * @param direction {@link #DATA_IN} or {@link #DATA_OUT}
 * @param status    the downstream's HTTP status, 0 when none
 * @param source    the named Segment source the event came in through, null for the default one
 */
public record DeadLetter(String direction, String reason, int status, int attempts, Instant time, JsonNode event,
                         String source) {

    public static final String DATA_IN = "segment-to-onesignal";
    public static final String DATA_OUT = "onesignal-to-segment";
    /** The source of Data Out events (in logs and outcomes): OneSignal's Event Streams. */
    public static final String DATA_OUT_SOURCE = "onesignal";

    /** One NDJSON line, newline included. */
    public String getLine() throws JsonProcessingException {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("time", time.toString());
        line.put("direction", direction);
        line.put("reason", reason);
        line.put("status", status);
        line.put("attempts", attempts);
        if (source != null) {
            line.put("source", source);
        }
        line.set("event", event);
        return Json.mapper().writeValueAsString(line) + "\n";
    }

    public static DeadLetter fromLine(String line) throws JsonProcessingException {
        JsonNode json = Json.mapper().readTree(line);
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String direction = json.path("direction").asText("");
        if (!direction.equals(DATA_IN) && !direction.equals(DATA_OUT)) {
            throw new IllegalArgumentException("unknown direction '" + direction + "'");
        }
        if (!json.path("event").isObject()) {
            throw new IllegalArgumentException("no event object");
        }
        return new DeadLetter(direction, json.path("reason").asText(""), json.path("status").asInt(),
                json.path("attempts").asInt(), Instant.now(), json.get("event"),
                json.hasNonNull("source") ? json.get("source").asText() : null);
    }

    /** The sender's id of the event: a Segment messageId, a OneSignal event id; null when it has none. */
    public String messageId() {
        JsonNode id = DATA_IN.equals(direction) ? event.get("messageId") : event.path("event").get("id");
        return id != null && id.isValueNode() && !id.isNull() ? id.asText() : null;
    }

    /** Where the event came from: the Segment source (default or named), or onesignal for Data Out. */
    public String sourceName() {
        return source != null ? source : DATA_IN.equals(direction) ? SegmentSource.DEFAULT : DATA_OUT_SOURCE;
    }

    /** The event as the ingest route reads it. */
    public byte[] getEventBytes() throws JsonProcessingException {
        return Json.mapper().writeValueAsBytes(event);
    }
}
