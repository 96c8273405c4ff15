package org.sobridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Segment {@code identify}/{@code track} (and, with GROUP_TAGS, {@code group}) → OneSignal data tags for the user
 * whose External ID is the Segment userId. A pure function of the event, the tag policy and the mapping options.
 */
public final class SegmentToOneSignal {

    public static final String NO_USER_ID = "no userId, so no OneSignal External ID to update";
    public static final String NO_TAGS = "no tags left to write";
    public static final String NO_GROUP_ID = "group call without a groupId";
    public static final String GROUP_ID_TAG = "group_id";

    private static final Map<String, String> RENAMED = Map.of("firstName", "first_name", "lastName", "last_name");

    private final TagPolicy policy;
    private final MappingOptions options;

    public SegmentToOneSignal(TagPolicy policy) {
        this(policy, MappingOptions.defaults());
    }

    public SegmentToOneSignal(TagPolicy policy, MappingOptions options) {
        this.policy = policy;
        this.options = options;
    }

    public TagPolicy policy() {
        return policy;
    }

    /**
     * Why the OneSignal segment of an Engage audience is not made: its key may not be a tag (denied or reserved), so
     * no user could ever match the segment's filter on that tag. Null when it may be a tag.
     */
    public String segmentRefusal(EngageComputation audience) {
        String key = audience.key();
        if (policy.denied(key)) {
            return OmittedKey.DENIED;
        }
        if (TagPolicy.reserved(key)) {
            return OmittedKey.RESERVED;
        }
        return null;
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
            case "group" -> {
                if (!options.groupTags()) {
                    return dropped("unsupported type: " + type);
                }
                source = event.get("traits");
            }
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
        Optional<EngageComputation> computation = EngageComputation.of(event);
        List<OmittedKey> omitted = new ArrayList<>();
        Map<String, String> first = new LinkedHashMap<>();
        if (type.equals("group")) {
            String groupId = text(event.get("groupId"));
            if (groupId == null || groupId.isBlank()) {
                return dropped(NO_GROUP_ID);
            }
            first.put(GROUP_ID_TAG, groupId);
        }
        String prefix = "";
        if (type.equals("track") && computation.isEmpty()
                && options.eventNameTags() == MappingOptions.EventNameTags.PREFIX) {
            String name = text(event.get("event"));
            String snake = name == null ? "" : SnakeCase.of(name);
            prefix = snake.isEmpty() ? "" : snake + "_";
        }
        Map<String, String> tags = tags(source, omitted, prefix, computation.orElse(null));
        computation.filter(c -> c.audience() && type.equals("track") && !tags.containsKey(c.key()))
                .ifPresent(c -> membershipFromEventName(c, event, tags, omitted));
        if (!first.isEmpty()) {
            // first_name/last_name stay first, then group_id, then the group traits in arrival order
            tags.remove(GROUP_ID_TAG);
            Map<String, String> ordered = new LinkedHashMap<>();
            RENAMED.values().stream().filter(tags::containsKey).forEach(n -> ordered.put(n, tags.get(n)));
            ordered.putAll(first);
            ordered.putAll(tags);
            tags.clear();
            tags.putAll(ordered);
        }
        Map<String, String> limited = limit(tags, omitted);
        if (limited.isEmpty()) {
            return new DataInResult.Dropped(NO_TAGS, omitted);
        }
        return new DataInResult.TagUpdate(userId, chunk(limited), omitted);
    }

    /**
     * A track-form audience event without a usable membership property: the tag is written from the event name,
     * unless the key may not be a tag, which is then reported like any other omitted key (once).
     */
    private void membershipFromEventName(EngageComputation audience, JsonNode event, Map<String, String> tags,
            List<OmittedKey> omitted) {
        String refusal = segmentRefusal(audience);
        if (refusal == null) {
            tags.put(audience.key(), EngageComputation.membershipFromEventName(event));
        } else if (omitted.stream().noneMatch(o -> o.key().equals(audience.key()))) {
            omitted.add(new OmittedKey(audience.key(), refusal));
        }
    }

    /** Tags in the order they arrive, with first_name/last_name first. */
    Map<String, String> tags(JsonNode source, List<OmittedKey> omitted) {
        return tags(source, omitted, "", null);
    }

    private Map<String, String> tags(JsonNode source, List<OmittedKey> omitted, String prefix,
            EngageComputation computation) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> others = new LinkedHashMap<>();
        Set<String> fromCamelCase = new HashSet<>();
        if (source == null || !source.isObject()) {
            return names;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (computation != null && computation.helperKeys().contains(key)) {
                continue;
            }
            // firstName/lastName, or their snake_case spelling (Segment accepts both for its reserved traits)
            String renamed = RENAMED.get(key);
            boolean camelCase = renamed != null;
            if (!camelCase && RENAMED.containsValue(key)) {
                renamed = key;
            }
            if (renamed != null) {
                String tagValue = TagValues.scalar(value);
                if (tagValue != null) {
                    if (policy.denied(key) || policy.denied(renamed)) {
                        // the deny list is a privacy control: it wins over "always written"
                        omitOnce(omitted, renamed, OmittedKey.DENIED);
                    } else if (!options.allowed(renamed)) {
                        omitOnce(omitted, renamed, OmittedKey.NOT_ALLOWED);
                    } else if (camelCase || !fromCamelCase.contains(renamed)) {
                        // the camelCase trait wins when an event has both spellings
                        names.put(renamed, tagValue);
                        others.remove(renamed);
                        if (camelCase) {
                            fromCamelCase.add(renamed);
                        }
                    }
                    continue;
                }
            }
            boolean exempt = computation != null && computation.key().equals(key);
            add(prefix + key, key, value, exempt, names, others, omitted);
        }
        names.putAll(others);
        return names;
    }

    private static void omitOnce(List<OmittedKey> omitted, String key, String reason) {
        OmittedKey omit = new OmittedKey(key, reason);
        if (!omitted.contains(omit)) {
            omitted.add(omit);
        }
    }

    /** One trait/property (or, flattened, one nested field) → a tag, or an omitted key with its reason. */
    private void add(String tagName, String key, JsonNode value, boolean exempt, Map<String, String> names,
            Map<String, String> others, List<OmittedKey> omitted) {
        if (value.isObject() && options.flattenNested() && !key.isBlank() && !policy.denied(key)
                && !policy.denied(tagName)) {
            if (value.isEmpty()) {
                omitted.add(new OmittedKey(tagName, OmittedKey.NESTED_OBJECT));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> child = it.next();
                add(tagName + "_" + child.getKey(), child.getKey(), child.getValue(), false, names, others, omitted);
            }
            return;
        }
        String reason = rejection(tagName, key, value, exempt);
        if (reason != null) {
            omitted.add(new OmittedKey(tagName, reason));
        } else if (!names.containsKey(tagName)) {
            others.put(tagName, TagValues.scalar(value));
        }
    }

    private String rejection(String tagName, String key, JsonNode value, boolean exempt) {
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
        if (policy.denied(key) || policy.denied(tagName)) {
            return OmittedKey.DENIED;
        }
        if (TagPolicy.reserved(tagName)) {
            return OmittedKey.RESERVED;
        }
        if (!exempt && !options.allowed(tagName)) {
            return OmittedKey.NOT_ALLOWED;
        }
        return null;
    }

    /**
     * The first {@code tagLimit} tags that set a value, and every deletion ({@code ""}: deleting is how a user stays
     * under the plan's limit, so it is never cut); the others are reported as omitted.
     */
    private Map<String, String> limit(Map<String, String> tags, List<OmittedKey> omitted) {
        if (tags.size() <= options.tagLimit()) {
            return tags;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        int values = 0;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getValue().isEmpty()) {
                kept.put(tag.getKey(), tag.getValue());
            } else if (values < options.tagLimit()) {
                kept.put(tag.getKey(), tag.getValue());
                values++;
            } else {
                omitted.add(new OmittedKey(tag.getKey(), OmittedKey.overLimit(options.tagLimit())));
            }
        }
        return kept;
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
