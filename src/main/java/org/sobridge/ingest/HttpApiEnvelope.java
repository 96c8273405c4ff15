package org.sobridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of a Segment HTTP Tracking API call: {@code /v1/identify}, {@code /v1/track}, ...
 * carry one call whose type is implied by the path; {@code /v1/batch} carries {@code {"batch":[...]}} whose
 * top-level {@code context} and {@code integrations} apply to every item that lacks them.
 */
public final class HttpApiEnvelope {

    public static final Set<String> SINGLE_TYPES = Set.of("identify", "track", "page", "screen", "group", "alias");
    public static final String BATCH = "batch";
    /** Segment's other batch path, where analytics-java posts (same body as {@link #BATCH}). */
    public static final String IMPORT = "import";

    private HttpApiEnvelope() {
    }

    /** True for a request path of the Segment HTTP API: {@code /v1/<type>}, {@code /v1/batch} or {@code /v1/import}, a trailing slash allowed. */
    public static boolean isApiPath(String path) {
        if (path == null || !path.startsWith("/v1/")) {
            return false;
        }
        String type = path.endsWith("/") ? path.substring(4, path.length() - 1) : path.substring(4);
        return SINGLE_TYPES.contains(type) || BATCH.equals(type) || IMPORT.equals(type);
    }

    public static List<JsonNode> events(JsonNode root, String pathType) {
        if (root == null || !root.isObject()) {
            throw HttpProblem.badRequest("body must be a JSON object");
        }
        if (SINGLE_TYPES.contains(pathType)) {
            ObjectNode event = ((ObjectNode) root).deepCopy();
            event.remove("writeKey");
            event.put("type", pathType);
            return List.of(event);
        }
        if (!BATCH.equals(pathType) && !IMPORT.equals(pathType)) {
            throw new HttpProblem(404, "unknown call type: " + pathType);
        }
        JsonNode batch = root.get("batch");
        if (batch == null || !batch.isArray()) {
            throw HttpProblem.badRequest("'batch' must be a JSON array");
        }
        List<JsonNode> events = new ArrayList<>(batch.size());
        for (JsonNode item : batch) {
            if (!item.isObject()) {
                events.add(item);
                continue;
            }
            ObjectNode event = ((ObjectNode) item).deepCopy();
            merge(event, root, "context");
            merge(event, root, "integrations");
            events.add(event);
        }
        return events;
    }

    /** Fields of the batch's top-level object that the item does not set itself. */
    private static void merge(ObjectNode event, JsonNode root, String field) {
        JsonNode shared = root.get(field);
        if (shared == null || !shared.isObject()) {
            return;
        }
        JsonNode own = event.get(field);
        if (own == null || own.isNull()) {
            event.set(field, shared.deepCopy());
        } else if (own.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = shared.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!own.has(entry.getKey())) {
                    ((ObjectNode) own).set(entry.getKey(), entry.getValue().deepCopy());
                }
            }
        }
    }
}
