package org.sobridge.config;

/** Settings that keep events from being lost or sent twice. The admin token never appears in toString. */
public record ReliabilityConfig(
        long dedupeWindowMs,
        int dedupeMaxEntries,
        String adminToken,
        int breakerFailureRate,
        int breakerWindow,
        int breakerOpenMs,
        int oneSignalMaxRequestsPerSecond,
        int oneSignalUserWriteIntervalMs,
        int segmentMaxRequestsPerSecond) {

    /** The rate limiters keep the start times of the last second's calls: 8 bytes per allowed call. */
    static final int MAX_RATE = 1_000_000;

    public static ReliabilityConfig from(Settings s) {
        int failureRate = s.positiveInt("bridge.breaker-failure-rate");
        if (failureRate > 100) {
            throw new InvalidConfigurationException("BRIDGE_BREAKER_FAILURE_RATE", "'" + failureRate + "' is over 100",
                    "a percentage from 1 to 100");
        }
        // the placeholders are used by the routes; checked here so a bad value stops start-up with one line
        s.positiveInt("onesignal.max-retries");
        s.positiveInt("onesignal.retry-delay-ms");
        s.positiveInt("segment.max-retries");
        s.positiveInt("segment.retry-delay-ms");
        s.required("dead-letter.dir", "a directory for the dead-letter files");
        return new ReliabilityConfig(
                s.positiveInt("bridge.dedupe-window-ms"),
                s.positiveInt("bridge.dedupe-max-entries"),
                s.text("bridge.admin-token"),
                failureRate,
                s.positiveInt("bridge.breaker-window"),
                s.positiveInt("bridge.breaker-open-ms"),
                s.positiveInt("onesignal.max-requests-per-second", MAX_RATE),
                s.positiveInt("onesignal.user-write-interval-ms"),
                s.positiveInt("segment.max-requests-per-second", MAX_RATE));
    }

    @Override
    public String toString() {
        return "ReliabilityConfig[dedupeWindowMs=" + dedupeWindowMs + ", dedupeMaxEntries=" + dedupeMaxEntries
                + ", adminToken=" + (adminToken.isEmpty() ? "(empty)" : "(set)")
                + ", breakerFailureRate=" + breakerFailureRate + ", breakerWindow=" + breakerWindow
                + ", breakerOpenMs=" + breakerOpenMs + ", oneSignalMaxRequestsPerSecond=" + oneSignalMaxRequestsPerSecond
                + ", oneSignalUserWriteIntervalMs=" + oneSignalUserWriteIntervalMs
                + ", segmentMaxRequestsPerSecond=" + segmentMaxRequestsPerSecond + "]";
    }
}
