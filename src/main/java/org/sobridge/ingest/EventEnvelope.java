package org.sobridge.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
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
        JsonNode root = parse(body);
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
        if (body == null || body.length == 0) {
            throw HttpProblem.badRequest("empty body; expected JSON");
        }
        try {
            JsonNode root = Json.mapper().readTree(body);
            if (root == null || root.isMissingNode()) {
                throw HttpProblem.badRequest("empty body; expected JSON");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw HttpProblem.badRequest("JSON nested deeper than " + Json.MAX_NESTING_DEPTH + " levels");
        } catch (JacksonException e) {
            throw HttpProblem.badRequest(JsonSyntax.describe("body", e));
        } catch (IOException e) {
            throw HttpProblem.badRequest("body could not be read");
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> events = new ArrayList<>(array.size());
        array.forEach(events::add);
        return events;
    }
}
