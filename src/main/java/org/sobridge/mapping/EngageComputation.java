package org.sobridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * A Segment Engage (Personas) audience or computed trait carried by an identify or track call.
 *
 * @param audience   true for an audience (also a journey step), false for a computed trait
 * @param key        the computation key: the audience's segment name and tag key, or the trait's tag key
 * @param helperKeys property keys that only describe the computation ({@code audience_key}, {@code trait_key})
 *                   and are not written as tags
 */
public record EngageComputation(boolean audience, String key, Set<String> helperKeys) {

    public static final String AUDIENCE_ENTERED = "Audience Entered";
    public static final String AUDIENCE_EXITED = "Audience Exited";
    public static final String TRAIT_COMPUTED = "Trait Computed";

    /** The computation an event carries, if any. */
    public static Optional<EngageComputation> of(JsonNode event) {
        if (event == null || !event.isObject()) {
            return Optional.empty();
        }
        String type = text(event.get("type"));
        JsonNode personas = event.path("context").path("personas");
        String computationClass = text(personas.get("computation_class"));
        String computationKey = text(personas.get("computation_key"));
        if ("identify".equals(type)) {
            if (computationKey == null) {
                return Optional.empty();
            }
            if ("audience".equals(computationClass) || "journey_step".equals(computationClass)) {
                return Optional.of(new EngageComputation(true, computationKey, Set.of()));
            }
            if ("trait".equals(computationClass)) {
                return Optional.of(new EngageComputation(false, computationKey, Set.of()));
            }
            return Optional.empty();
        }
        if (!"track".equals(type)) {
            return Optional.empty();
        }
        String name = text(event.get("event"));
        JsonNode properties = event.path("properties");
        String audienceKey = text(properties.get("audience_key"));
        String traitKey = text(properties.get("trait_key"));
        boolean audienceClass = "audience".equals(computationClass) || "journey_step".equals(computationClass);
        boolean audienceEvent = AUDIENCE_ENTERED.equals(name) || AUDIENCE_EXITED.equals(name);
        if (audienceClass || (audienceEvent && audienceKey != null)) {
            String key = audienceKey != null ? audienceKey : computationKey;
            return key == null ? Optional.empty()
                    : Optional.of(new EngageComputation(true, key, Set.of("audience_key")));
        }
        if ("trait".equals(computationClass) || (TRAIT_COMPUTED.equals(name) && traitKey != null)) {
            String key = traitKey != null ? traitKey : computationKey;
            return key == null ? Optional.empty()
                    : Optional.of(new EngageComputation(false, key, Set.of("trait_key")));
        }
        return Optional.empty();
    }

    /**
     * The tag value a track-form audience event writes when its membership property is missing:
     * "true" on enter, "false" on exit.
     */
    public static String membershipFromEventName(JsonNode event) {
        return AUDIENCE_EXITED.equals(text(event.get("event"))) ? "false" : "true";
    }

    private static String text(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        String text = node.asText();
        return text.isBlank() ? null : text;
    }
}
