package org.sobridge.config;

import java.util.List;

/**
 * Where the events of one Segment source go: the secrets its webhook requests are signed with and the OneSignal
 * app that receives them. Secrets and the API key never appear in {@link #toString()}.
 *
 * @param name    {@link #DEFAULT} for {@code /v1/segment}, otherwise the {@code {source}} of {@code /v1/segment/{source}}
 * @param secrets any of these signs a valid request; empty = signatures are not checked
 */
public record SegmentSource(String name, List<String> secrets, String appId, String apiKey) {

    public static final String DEFAULT = "default";

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
