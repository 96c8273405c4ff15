package org.sobridge.config;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.sobridge.mapping.SegmentEventNames;
import org.sobridge.mapping.TagPolicy;

/**
 * Every setting of the bridge, read once at start-up and checked. Secrets never appear in {@link #toString()}.
 *
 * @param oneSignalDryRun true: OneSignal requests are logged and returned, never sent
 * @param segmentEvents   the Segment event names sent (SEGMENT_EVENTS resolved: never empty)
 * @param segmentDryRun   true: Segment requests are logged and returned, never sent
 */
public record BridgeConfig(
        URI oneSignalApiUrl,
        int maxBodyBytes,
        TagPolicy tagPolicy,
        boolean oneSignalDryRun,
        String oneSignalEventsToken,
        String segmentWriteKey,
        URI segmentApiUrl,
        Set<String> segmentEvents,
        int segmentFlushMs,
        int segmentDeliveryTimeoutMs,
        boolean segmentDryRun,
        int workerThreads,
        DataInConfig dataIn) {

    /** Segment accepts at most this many events in one /v1/batch call. */
    public static final int SEGMENT_MAX_BATCH_EVENTS = 2500;

    /** SEGMENT_EVENTS value that sends every event name the bridge can emit. */
    public static final String ALL_SEGMENT_EVENTS = "all";

    public static BridgeConfig from(Settings s) {
        String apiKey = s.text("onesignal.api-key");
        Boolean dryRunSetting = s.optionalBoolean("bridge.dry-run");
        boolean oneSignalDryRun = dryRunSetting != null ? dryRunSetting : apiKey.isEmpty();
        String appId = s.text("onesignal.app-id");
        if (!oneSignalDryRun && apiKey.isEmpty()) {
            throw new InvalidConfigurationException("ONESIGNAL_API_KEY", "empty while BRIDGE_DRY_RUN=false",
                    "the OneSignal App API key (or BRIDGE_DRY_RUN=true)");
        }
        if (!oneSignalDryRun && appId.isEmpty()) {
            throw new InvalidConfigurationException("ONESIGNAL_APP_ID", "empty while requests are sent to OneSignal",
                    "the OneSignal app id (Settings > Keys & IDs)");
        }
        String writeKey = s.text("segment.write-key");
        boolean segmentDryRun = dryRunSetting != null ? dryRunSetting : writeKey.isEmpty();
        if (!segmentDryRun && writeKey.isEmpty()) {
            throw new InvalidConfigurationException("SEGMENT_WRITE_KEY", "empty while BRIDGE_DRY_RUN=false",
                    "the write key of the Segment source that receives OneSignal events (or BRIDGE_DRY_RUN=true)");
        }
        SegmentRegion region = s.choice("segment.region", SegmentRegion.class);
        Set<String> events = segmentEvents(s.list("segment.events"));
        // bound by camel.server.port / camel.management.port; checked here, before Camel binds, so that a bad value
        // stops start-up with one line (Camel would take 'abc' as a random port and fail on 99999 with a stack trace)
        s.port("bridge.port");
        s.port("bridge.management-port");
        // read by the batcher route; checked here so that a bad value stops start-up with one line
        s.positiveInt("segment.batch-size", SEGMENT_MAX_BATCH_EVENTS);
        s.positiveInt("segment.linger-ms");
        return new BridgeConfig(
                s.httpUrl("onesignal.api-url", null),
                s.positiveInt("bridge.max-body-bytes"),
                new TagPolicy(s.list("tags.deny")),
                oneSignalDryRun,
                s.text("onesignal.events-token"),
                writeKey,
                s.httpUrl("segment.api-url", region.apiUrl().toString()),
                events,
                s.positiveInt("segment.flush-ms"),
                s.positiveInt("segment.delivery-timeout-ms"),
                segmentDryRun,
                s.positiveInt("bridge.worker-threads"),
                DataInConfig.from(s, appId.isEmpty() ? SegmentSource.appIdNotSet("ONESIGNAL_APP_ID") : appId, apiKey,
                        oneSignalDryRun));
    }

    /**
     * The Segment event names to send: none listed → the 16 names of OneSignal's own Segment integration (the names
     * other Segment destinations expect); "all" → every name the bridge can emit; else the listed names, checked and
     * spelled as the bridge spells them.
     */
    static Set<String> segmentEvents(Set<String> listed) {
        if (listed.isEmpty()) {
            return Set.copyOf(SegmentEventNames.PRODUCT_TEXT_NAMES);
        }
        if (listed.stream().anyMatch(ALL_SEGMENT_EVENTS::equalsIgnoreCase)) {
            if (listed.size() > 1) {
                throw new InvalidConfigurationException("SEGMENT_EVENTS", "'all' together with event names",
                        "all alone, or a comma list of event names");
            }
            return SegmentEventNames.all();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String event : listed) {
            names.add(SegmentEventNames.all().stream().filter(known -> known.equalsIgnoreCase(event)).findFirst()
                    .orElseThrow(() -> new InvalidConfigurationException("SEGMENT_EVENTS",
                            "'" + event + "' is not an event the bridge sends",
                            "a comma list of: " + String.join(", ", SegmentEventNames.all()) + "; or all")));
        }
        return Collections.unmodifiableSet(names);
    }

    /** The Authorization header of Segment's HTTP Tracking API: Basic base64(writeKey + ":"). */
    public String segmentAuthorization() {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((segmentWriteKey + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BridgeConfig[oneSignalApiUrl=" + oneSignalApiUrl
                + ", maxBodyBytes=" + maxBodyBytes
                + ", tagPolicy=" + tagPolicy
                + ", oneSignalDryRun=" + oneSignalDryRun
                + ", oneSignalEventsToken=" + redacted(oneSignalEventsToken)
                + ", segmentWriteKey=" + redacted(segmentWriteKey)
                + ", segmentApiUrl=" + segmentApiUrl
                + ", segmentEvents=" + segmentEvents
                + ", segmentFlushMs=" + segmentFlushMs
                + ", segmentDeliveryTimeoutMs=" + segmentDeliveryTimeoutMs
                + ", segmentDryRun=" + segmentDryRun
                + ", workerThreads=" + workerThreads
                + ", dataIn=" + dataIn + "]";
    }

    private static String redacted(String secret) {
        return secret.isEmpty() ? "(empty)" : "(set)";
    }
}
