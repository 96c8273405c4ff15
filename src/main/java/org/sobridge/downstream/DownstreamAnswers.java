package org.sobridge.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.sobridge.json.Json;

/** Pulls a short human reason out of an error body from OneSignal or Segment. */
public final class DownstreamAnswers {

    private static final int MAX_REASON = 300;

    private DownstreamAnswers() {
    }

    public static String reason(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = Json.mapper().readTree(body);
            List<String> parts = new ArrayList<>();
            JsonNode errors = json.path("errors");
            if (errors.isArray()) {
                for (JsonNode error : errors) {
                    if (error.isTextual()) {
                        parts.add(error.asText());
                    } else if (error.hasNonNull("title")) {
                        parts.add(error.get("title").asText());
                    } else if (error.hasNonNull("message")) {
                        parts.add(error.get("message").asText());
                    }
                }
            } else if (json.hasNonNull("message")) {
                parts.add(json.get("message").asText());
            } else if (json.hasNonNull("error")) {
                parts.add(json.get("error").asText());
            }
            if (!parts.isEmpty()) {
                return clip(String.join("; ", parts));
            }
        } catch (Exception notJson) {
            // fall through to the raw text
        }
        return clip(body.strip());
    }

    private static String clip(String text) {
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "…";
    }
}
