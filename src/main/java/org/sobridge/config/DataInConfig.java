package org.sobridge.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sobridge.mapping.MappingOptions;

/**
 * The Data In settings beyond the basics of {@link BridgeConfig}: tag options, custom events, the Segment sources,
 * whether batches signed over their first event are accepted, and the write keys of the Segment-compatible HTTP API.
 * Secrets never appear in {@link #toString()}.
 *
 * @param sources              every source by name, {@link SegmentSource#DEFAULT} first
 * @param firstEventSignatures Webhooks (Actions) batches signed over their first event only are accepted
 */
public record DataInConfig(
        MappingOptions mapping,
        boolean customEvents,
        Map<String, SegmentSource> sources,
        boolean firstEventSignatures,
        Set<String> writeKeys,
        int parallelWrites,
        int writeWaitMs) {

    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public DataInConfig {
        sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        writeKeys = Set.copyOf(writeKeys);
    }

    static DataInConfig from(Settings s, String appId, String apiKey, boolean dryRun) {
        MappingOptions mapping = new MappingOptions(
                s.list("tags.allow"),
                s.positiveInt("onesignal.tag-limit"),
                s.choice("track.event-name-tags", MappingOptions.EventNameTags.class),
                s.bool("flatten.nested"),
                s.bool("group.tags"));
        List<String> defaultSecrets = new ArrayList<>();
        defaultSecrets.add(s.text("segment.shared-secret"));
        defaultSecrets.addAll(s.list("segment.shared-secrets"));
        Map<String, SegmentSource> sources = new LinkedHashMap<>();
        sources.put(SegmentSource.DEFAULT, new SegmentSource(SegmentSource.DEFAULT, defaultSecrets, appId, apiKey));
        for (String name : s.list("segment.sources")) {
            if (!SOURCE_NAME.matcher(name).matches() || name.equals(SegmentSource.DEFAULT)) {
                throw new InvalidConfigurationException("SEGMENT_SOURCES", "'" + name + "' is not a usable source name",
                        "names of lower-case letters, digits, '-' and '_' (not 'default')");
            }
            String prefix = "source." + name + ".";
            String sourceAppId = s.text(prefix + "onesignal-app-id");
            String sourceApiKey = s.text(prefix + "onesignal-api-key");
            if (!dryRun && sourceAppId.isEmpty()) {
                throw new InvalidConfigurationException(Settings.envName(prefix + "onesignal-app-id"),
                        "empty while source '" + name + "' is listed in SEGMENT_SOURCES", "the OneSignal app id of that source");
            }
            if (!dryRun && sourceApiKey.isEmpty()) {
                throw new InvalidConfigurationException(Settings.envName(prefix + "onesignal-api-key"),
                        "empty while source '" + name + "' is listed in SEGMENT_SOURCES", "the OneSignal App API key of that source");
            }
            sources.put(name, new SegmentSource(name, List.copyOf(s.list(prefix + "shared-secret")),
                    sourceAppId.isEmpty() ? SegmentSource.appIdNotSet(Settings.envName(prefix + "onesignal-app-id")) : sourceAppId,
                    sourceApiKey));
        }
        return new DataInConfig(mapping, s.bool("onesignal.custom-events"), sources,
                s.bool("segment.first-event-signatures"), s.list("bridge.write-keys"),
                s.positiveInt("onesignal.parallel-writes"), s.positiveInt("onesignal.write-wait-ms"));
    }

    public SegmentSource defaultSource() {
        return sources.get(SegmentSource.DEFAULT);
    }

    @Override
    public String toString() {
        return "DataInConfig[mapping=" + mapping + ", customEvents=" + customEvents + ", sources=" + sources.values()
                + ", firstEventSignatures=" + firstEventSignatures
                + ", writeKeys=" + (writeKeys.isEmpty() ? "(empty)" : "(" + writeKeys.size() + " set)")
                + ", parallelWrites=" + parallelWrites + ", writeWaitMs=" + writeWaitMs + "]";
    }
}
