package org.sobridge.mapping;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How Segment traits and properties become tags, beyond the deny list of {@link TagPolicy}.
 *
 * @param allow         tag names that may be written (case-insensitive); empty = all
 * @param tagLimit      at most this many tags per event; the rest are omitted and reported
 * @param eventNameTags {@link EventNameTags#PREFIX}: track properties are written as {@code <event>_<property>}
 * @param flattenNested true: nested object fields become {@code parent_child} tags instead of being omitted
 * @param groupTags     true: {@code group} calls write a {@code group_id} tag (and the group traits) on the user
 */
public record MappingOptions(Set<String> allow, int tagLimit, EventNameTags eventNameTags, boolean flattenNested,
        boolean groupTags) {

    /** Default of ONESIGNAL_TAG_LIMIT; OneSignal's public docs give no per-plan figure. */
    public static final int DEFAULT_TAG_LIMIT = 100;

    public enum EventNameTags { OFF, PREFIX }

    public MappingOptions {
        allow = allow.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (tagLimit < 1) {
            throw new IllegalArgumentException("tagLimit must be positive");
        }
    }

    public MappingOptions(Collection<String> allow, int tagLimit, EventNameTags eventNameTags, boolean flattenNested,
            boolean groupTags) {
        this(Set.copyOf(allow), tagLimit, eventNameTags, flattenNested, groupTags);
    }

    public static MappingOptions defaults() {
        return new MappingOptions(Set.of(), DEFAULT_TAG_LIMIT, EventNameTags.OFF, false, false);
    }

    public boolean allowed(String tagName) {
        return allow.isEmpty() || allow.contains(tagName.toLowerCase(Locale.ROOT));
    }

    public MappingOptions withTagLimit(int limit) {
        return new MappingOptions(allow, limit, eventNameTags, flattenNested, groupTags);
    }

    public MappingOptions withAllow(Set<String> names) {
        return new MappingOptions(names, tagLimit, eventNameTags, flattenNested, groupTags);
    }

    public MappingOptions withEventNameTags(EventNameTags mode) {
        return new MappingOptions(allow, tagLimit, mode, flattenNested, groupTags);
    }

    public MappingOptions withFlattenNested(boolean on) {
        return new MappingOptions(allow, tagLimit, eventNameTags, on, groupTags);
    }

    public MappingOptions withGroupTags(boolean on) {
        return new MappingOptions(allow, tagLimit, eventNameTags, flattenNested, on);
    }
}
