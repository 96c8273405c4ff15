package org.sobridge.mapping;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which trait/property keys may become OneSignal data tags.
 *
 * @param deny keys never written (compared case-insensitively), e.g. email, phone
 */
public record TagPolicy(Set<String> deny) {

    /** OneSignal reserves these tag keys. */
    public static final Set<String> RESERVED_KEYS = Set.of("message", "notification", "subscription", "user",
            "template", "app", "org", "dynamic_content", "data_feed", "journey", "custom_data");

    /** OneSignal accepts at most this many property updates in one request. */
    public static final int MAX_TAGS_PER_REQUEST = 100;

    public TagPolicy(Collection<String> deny) {
        this(deny.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    }

    public TagPolicy {
        deny = Set.copyOf(deny);
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
