package org.sobridge.config;

import java.util.List;

/**
 * Where the events of one Segment source go: the secrets its webhook requests are signed with and the OneSignal
 * app that receives them. Secrets and the API key never appear in {@link #toString()}.
 *
 * @param name    {@link #DEFAULT} for {@code /v1/segment}, otherwise the {@code {source}} of {@code /v1/segment/{source}}
 * @param secrets any of these signs a valid request; empty = signatures are not checked
 * @param appId   the OneSignal app id, or (in dry-run, where it may be unset) {@link #appIdNotSet} of its variable
 */
public record SegmentSource(String name, List<String> secrets, String appId, String apiKey) {

    public static final String DEFAULT = "default";

    private static final String NOT_SET = " not set>";

    /**
     * What stands for an app id that is not set (possible in dry-run only), in the dry-run answers and the logs:
     * {@code <ONESIGNAL_APP_ID not set>}, which no one can read as a resolved value.
     */
    public static String appIdNotSet(String envName) {
        return "<" + envName + NOT_SET;
    }

    /** True for {@link #appIdNotSet}'s stand-ins (an app id never holds '<'). */
    public static boolean isAppIdNotSet(String appId) {
        return appId.startsWith("<") && appId.endsWith(NOT_SET);
    }

    public SegmentSource {
        secrets = secrets.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** The Authorization header of OneSignal's REST API for this source's app. */
    public String authorization() {
        return "Key " + apiKey;
    }

    @Override
    public String toString() {
        return "SegmentSource[name=" + name + ", secrets=" + (secrets.isEmpty() ? "(empty)" : "(" + secrets.size() + " set)")
                + ", appId=" + appId + ", apiKey=" + (apiKey.isEmpty() ? "(empty)" : "(set)") + "]";
    }
}
