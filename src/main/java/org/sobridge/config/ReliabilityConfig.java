package org.sobridge.config;

import java.nio.file.Path;

/** Settings that keep events from being lost or sent twice. The admin token never appears in toString. */
public record ReliabilityConfig(
        long dedupeWindowMs,
        int dedupeMaxEntries,
        Path deadLetterDir,
        String adminToken,
        int breakerFailureRate,
        int breakerWindow,
        int breakerOpenMs,
        int oneSignalMaxRequestsPerSecond,
        int oneSignalUserWriteIntervalMs,
        int segmentMaxRequestsPerSecond,
        int retryAfterCapMs) {

    /** The rate limiters keep the start times of the last second's calls: 8 bytes per allowed call. */
    static final int MAX_RATE = 1_000_000;

    public static ReliabilityConfig from(Settings s) {
        int failureRate = s.positiveInt("bridge.breaker-failure-rate", 50);
        if (failureRate > 100) {
            throw new InvalidConfigurationException("BRIDGE_BREAKER_FAILURE_RATE", "'" + failureRate + "' is over 100",
                    "a percentage from 1 to 100");
        }
        // the placeholders are used by the routes; checked here so a bad value stops start-up with one line
        s.positiveInt("onesignal.max-retries", 3);
        s.positiveInt("onesignal.retry-delay-ms", 500);
        s.positiveInt("segment.max-retries", 3);
        s.positiveInt("segment.retry-delay-ms", 500);
        return new ReliabilityConfig(
                s.positiveInt("bridge.dedupe-window-ms", 86_400_000),
                s.positiveInt("bridge.dedupe-max-entries", 100_000),
                Path.of(s.text("dead-letter.dir", "data/dead-letter")),
                s.text("bridge.admin-token"),
                failureRate,
                s.positiveInt("bridge.breaker-window", 20),
                s.positiveInt("bridge.breaker-open-ms", 10_000),
                s.positiveInt("onesignal.max-requests-per-second", 1000, MAX_RATE),
                s.positiveInt("onesignal.user-write-interval-ms", 1000),
                s.positiveInt("segment.max-requests-per-second", 100, MAX_RATE),
                60_000);
    }

    @Override
    public String toString() {
        return "ReliabilityConfig[dedupeWindowMs=" + dedupeWindowMs + ", dedupeMaxEntries=" + dedupeMaxEntries
                + ", deadLetterDir=" + deadLetterDir + ", adminToken=" + (adminToken.isEmpty() ? "(empty)" : "(set)")
                + ", breakerFailureRate=" + breakerFailureRate + ", breakerWindow=" + breakerWindow
                + ", breakerOpenMs=" + breakerOpenMs + ", oneSignalMaxRequestsPerSecond=" + oneSignalMaxRequestsPerSecond
                + ", oneSignalUserWriteIntervalMs=" + oneSignalUserWriteIntervalMs
                + ", segmentMaxRequestsPerSecond=" + segmentMaxRequestsPerSecond + "]";
    }
}
