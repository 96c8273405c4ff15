package org.sobridge.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.sobridge.config.SegmentSource;
import org.sobridge.json.Json;

/**
 * An event a downstream refused for good, kept with why, so that nothing accepted is lost: one line of the
 * append-only NDJSON dead-letter file, and the unit a replay sends again. A request body that was not JSON at all is
 * kept whole instead of an event ({@link #unreadable}).
 *
 * @param direction {@link #DATA_IN} or {@link #DATA_OUT}
 * @param status    the downstream's HTTP status, 0 when none
 * @param event     the event; null when the letter keeps an unreadable body
 * @param source    the named Segment source the event came in through, null for the default one
 * @param body      the exact bytes of a request body that was not JSON; null for an event's letter
 */
public record DeadLetter(String direction, String reason, int status, int attempts, Instant time, JsonNode event,
                         String source, byte[] body) {

    public static final String DATA_IN = "segment-to-onesignal";
    public static final String DATA_OUT = "onesignal-to-segment";
    /** The source of Data Out events (in logs and outcomes): OneSignal's Event Streams. */
    public static final String DATA_OUT_SOURCE = "onesignal";

    /** An event's dead letter. */
    public DeadLetter(String direction, String reason, int status, int attempts, Instant time, JsonNode event,
            String source) {
        this(direction, reason, status, attempts, time, event, source, null);
    }

    /** A request body that is not JSON, kept byte for byte with why it could not be read. */
    public static DeadLetter unreadable(String direction, String reason, Instant time, byte[] body) {
        return new DeadLetter(direction, reason, 0, 0, time, null, null, body.clone());
    }

    /**
     * One NDJSON line, newline included: the event under "event", or an unreadable body under "body" (its text, when
     * it is valid UTF-8) or "bodyBase64" (its bytes, when it is not).
     */
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
        if (event != null) {
            line.set("event", event);
        } else {
            String text = utf8(body);
            if (text != null) {
                line.put("body", text);
            } else {
                line.put("bodyBase64", Base64.getEncoder().encodeToString(body));
            }
        }
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
        JsonNode event = json.get("event");
        byte[] body = null;
        if (event == null || !event.isObject()) {
            event = null;
            if (json.path("body").isTextual()) {
                body = json.get("body").asText().getBytes(StandardCharsets.UTF_8);
            } else if (json.path("bodyBase64").isTextual()) {
                try {
                    body = Base64.getDecoder().decode(json.get("bodyBase64").asText());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bodyBase64 is not base64");
                }
            } else {
                throw new IllegalArgumentException("no event object");
            }
        }
        return new DeadLetter(direction, json.path("reason").asText(""), json.path("status").asInt(),
                json.path("attempts").asInt(), Instant.now(), event,
                json.hasNonNull("source") ? json.get("source").asText() : null, body);
    }

    /** Where the event came from: the Segment source (default or named), or onesignal for Data Out. */
    public String sourceName() {
        return source != null ? source : DATA_IN.equals(direction) ? SegmentSource.DEFAULT : DATA_OUT_SOURCE;
    }

    /** What the ingest route reads: the event, or the kept body as it was (a replay after fixing the line can work). */
    public byte[] getEventBytes() throws JsonProcessingException {
        return event != null ? Json.mapper().writeValueAsBytes(event) : body.clone();
    }

    /**
     * The sender's id of the event: a Segment messageId, a OneSignal event id; null when it has none (or the letter
     * keeps an unreadable body).
     */
    public String messageId() {
        if (event == null) {
            return null;
        }
        JsonNode id = DATA_IN.equals(direction) ? event.get("messageId") : event.path("event").get("id");
        return id != null && id.isValueNode() && !id.isNull() ? id.asText() : null;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
