package org.sobridge.mapping;

/** A trait/property key that was not written as a tag, and why. */
public record OmittedKey(String key, String reason) {

    public static final String NESTED_OBJECT = "nested objects are not stored as tags";
    public static final String ARRAY = "arrays are not stored as tags";
    public static final String DENIED = "key is in TAGS_DENY";
    public static final String RESERVED = "tag key is reserved by OneSignal";
    public static final String EMPTY_KEY = "empty key";
    public static final String NUMBER_TOO_LONG = "number too long to write as a tag";
    public static final String NOT_ALLOWED = "key is not in TAGS_ALLOW";

    /** The reason of a tag left out because the event already had {@code limit} tags. */
    public static String overLimit(int limit) {
        return "over the limit of " + limit + " tags per event (ONESIGNAL_TAG_LIMIT)";
    }
}
