package org.sobridge.mapping;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which trait/property keys may become OneSignal data tags.
 *
 * @param deny keys never written (compared case-insensitively), e.g. email, phone. The two names the mapping
 *             renames are denied under both spellings: {@code firstName} and {@code first_name} each deny both, and
 *             so do {@code lastName} and {@code last_name}.
 */
public record TagPolicy(Set<String> deny) {

    /** OneSignal reserves these tag keys. */
    public static final Set<String> RESERVED_KEYS = Set.of("message", "notification", "subscription", "user",
            "template", "app", "org", "dynamic_content", "data_feed", "journey", "custom_data");

    /** OneSignal accepts at most this many property updates in one request. */
    public static final int MAX_TAGS_PER_REQUEST = 100;

    /** A denied spelling of a renamed trait (lower case) → its other spelling. */
    private static final Map<String, String> OTHER_SPELLING = Map.of(
            "firstname", "first_name", "first_name", "firstname",
            "lastname", "last_name", "last_name", "lastname");

    public TagPolicy(Collection<String> deny) {
        this(Set.copyOf(deny));
    }

    public TagPolicy {
        Set<String> keys = new HashSet<>();
        for (String key : deny) {
            String lower = key.toLowerCase(Locale.ROOT);
            keys.add(lower);
            if (OTHER_SPELLING.containsKey(lower)) {
                keys.add(OTHER_SPELLING.get(lower));
            }
        }
        deny = Set.copyOf(keys);
    }

    public static TagPolicy defaults() {
        return new TagPolicy(Set.of("email", "phone"));
    }

    public boolean denied(String key) {
        return deny.contains(key.toLowerCase(Locale.ROOT));
    }

    public static boolean reserved(String key) {
        return RESERVED_KEYS.contains(key.toLowerCase(Locale.ROOT));
    }
}
