package org.sobridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segment {@code identify}/{@code track} → OneSignal data tags for the user whose External ID is the Segment userId.
 * A pure function of the event and the tag policy; no I/O.
 */
public final class SegmentToOneSignal {

    public static final String NO_USER_ID = "no userId, so no OneSignal External ID to update";
    public static final String NO_TAGS = "no tags left to write";

    private static final Map<String, String> RENAMED = Map.of("firstName", "first_name", "lastName", "last_name");

    private final TagPolicy policy;

    public SegmentToOneSignal(TagPolicy policy) {
        this.policy = policy;
    }

    public DataInResult map(JsonNode event) {
        if (event == null || !event.isObject()) {
            return dropped("event is not a JSON object");
        }
        String type = text(event.get("type"));
        if (type == null || type.isBlank()) {
            return dropped("missing type");
        }
        JsonNode source;
        switch (type) {
            case "identify" -> {
                source = event.get("traits");
                if (source == null || source.isNull()) {
                    source = event.path("context").get("traits");
                }
            }
            case "track" -> source = event.get("properties");
            default -> {
                return dropped("unsupported type: " + type);
            }
        }
        JsonNode userIdNode = event.get("userId");
        if (userIdNode != null && (userIdNode.isContainerNode())) {
            return dropped("userId must be a string");
        }
        String userId = text(userIdNode);
        if (userId == null || userId.isBlank()) {
            return dropped(NO_USER_ID);
        }
        List<OmittedKey> omitted = new ArrayList<>();
        Map<String, String> tags = tags(source, omitted);
        if (tags.isEmpty()) {
            return new DataInResult.Dropped(NO_TAGS, omitted);
        }
        return new DataInResult.TagUpdate(userId, chunk(tags), omitted);
    }

    /** Tags in the order they arrive, with first_name/last_name first. */
    Map<String, String> tags(JsonNode source, List<OmittedKey> omitted) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> others = new LinkedHashMap<>();
        if (source == null || !source.isObject()) {
            return names;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String renamed = RENAMED.get(key);
            if (renamed != null) {
                String tagValue = TagValues.scalar(value);
                if (tagValue != null) {
                    names.put(renamed, tagValue);
                    others.remove(renamed);
                    continue;
                }
            }
            String reason = rejection(key, value);
            if (reason != null) {
                omitted.add(new OmittedKey(key, reason));
            } else if (!names.containsKey(key)) {
                others.put(key, TagValues.scalar(value));
            }
        }
        names.putAll(others);
        return names;
    }

    private String rejection(String key, JsonNode value) {
        if (key.isBlank()) {
            return OmittedKey.EMPTY_KEY;
        }
        if (value.isObject()) {
            return OmittedKey.NESTED_OBJECT;
        }
        if (value.isArray()) {
            return OmittedKey.ARRAY;
        }
        if (TagValues.tooLong(value)) {
            return OmittedKey.NUMBER_TOO_LONG;
        }
        if (policy.denied(key)) {
            return OmittedKey.DENIED;
        }
        if (TagPolicy.reserved(key)) {
            return OmittedKey.RESERVED;
        }
        return null;
    }

    static List<Map<String, String>> chunk(Map<String, String> tags) {
        List<Map<String, String>> chunks = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (current.size() == TagPolicy.MAX_TAGS_PER_REQUEST) {
                chunks.add(Collections.unmodifiableMap(current));
                current = new LinkedHashMap<>();
            }
            current.put(tag.getKey(), tag.getValue());
        }
        chunks.add(Collections.unmodifiableMap(current));
        return chunks;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.isNumber() ? TagValues.scalar(node) : node.asText();
    }

    private static DataInResult dropped(String reason) {
        return new DataInResult.Dropped(reason, List.of());
    }
}
