package org.sobridge.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sobridge.json.Json;
import org.sobridge.json.JsonSyntax;

/**
 * Reads the events out of a webhook body: one event object, a JSON array of events,
 * or an object holding the array under a list field ({@code {"batch": [...]}} for Segment,
 * {@code {"events": [...]}} for OneSignal).
 */
public final class EventEnvelope {

    private EventEnvelope() {
    }

    public static List<JsonNode> events(byte[] body, String listField) {
        return events(body, listField, Json.mapper().reader());
    }

    /** The events of a body read with this reader (e.g. {@link Json#controlCharsReader()}). */
    public static List<JsonNode> events(byte[] body, String listField, ObjectReader reader) {
        JsonNode root = parse(body, reader);
        if (root.isArray()) {
            return elements(root);
        }
        if (root.isObject()) {
            JsonNode list = root.get(listField);
            if (list != null && root.get("type") == null && root.get("event") == null) {
                if (!list.isArray()) {
                    throw HttpProblem.badRequest("'" + listField + "' must be a JSON array");
                }
                return elements(list);
            }
            return List.of(root);
        }
        throw HttpProblem.badRequest("body must be a JSON object or array of events");
    }

    public static JsonNode parse(byte[] body) {
        return parse(body, Json.mapper().reader());
    }

    public static JsonNode parse(byte[] body, ObjectReader reader) {
        if (body == null || body.length == 0) {
            throw HttpProblem.badRequest("empty body; expected JSON");
        }
        try {
            JsonNode root = reader.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw HttpProblem.badRequest("empty body; expected JSON");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new UnreadableBody("JSON nested deeper than " + Json.MAX_NESTING_DEPTH + " levels");
        } catch (JacksonException e) {
            throw new UnreadableBody(JsonSyntax.describe("body", e));
        } catch (IOException e) {
            throw new UnreadableBody("body could not be read");
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> events = new ArrayList<>(array.size());
        array.forEach(events::add);
        return events;
    }
}
