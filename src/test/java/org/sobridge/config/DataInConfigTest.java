package org.sobridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sobridge.mapping.MappingOptions;

class DataInConfigTest {

    private static BridgeConfig config(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return BridgeConfig.from(FileSettings.of(values));
    }

    @Test
    void defaults() {
        DataInConfig dataIn = config().dataIn();
        assertEquals(MappingOptions.defaults(), dataIn.mapping());
        assertEquals(100, dataIn.mapping().tagLimit());
        assertFalse(dataIn.customEvents());
        assertEquals(Set.of(), dataIn.writeKeys());
        assertEquals(List.of("default"), List.copyOf(dataIn.sources().keySet()));
        assertEquals(List.of(), dataIn.defaultSource().secrets());
        assertTrue(dataIn.firstEventSignatures());
    }

    @Test
    void readsEveryOption() {
        DataInConfig dataIn = config(
                "tags.allow", "plan, First_Name", "onesignal.tag-limit", "20", "track.event-name-tags", "PREFIX",
                "flatten.nested", "on", "group.tags", "on", "onesignal.custom-events", "true",
                "segment.shared-secret", "s1", "segment.shared-secrets", "s2,s3", "bridge.write-keys", "a,b",
                "segment.first-event-signatures", "false", "onesignal.api-key", "k", "onesignal.app-id", "app",
                "segment.sources", "web,ios-app", "source.web.shared-secret", "w1,w2",
                "source.web.onesignal-app-id", "app-web", "source.web.onesignal-api-key", "key-web",
                "source.ios-app.onesignal-app-id", "app-ios", "source.ios-app.onesignal-api-key", "key-ios").dataIn();
        assertEquals(new MappingOptions(Set.of("plan", "first_name"), 20, MappingOptions.EventNameTags.PREFIX, true, true),
                dataIn.mapping());
        assertTrue(dataIn.customEvents());
        assertEquals(Set.of("a", "b"), dataIn.writeKeys());
        assertFalse(dataIn.firstEventSignatures());
        assertEquals(new SegmentSource("default", List.of("s1", "s2", "s3"), "app", "k"), dataIn.defaultSource());
        assertEquals(new SegmentSource("web", List.of("w1", "w2"), "app-web", "key-web"), dataIn.sources().get("web"));
        assertEquals(new SegmentSource("ios-app", List.of(), "app-ios", "key-ios"), dataIn.sources().get("ios-app"));
        assertEquals("Key key-web", dataIn.sources().get("web").authorization());
    }

    @ParameterizedTest(name = "{0}={1} → {2}")
    @CsvSource(delimiter = '|', value = {
        "onesignal.tag-limit|0|ONESIGNAL_TAG_LIMIT: '0' is not a positive whole number; expected a whole number greater than 0",
        "track.event-name-tags|suffix|TRACK_EVENT_NAME_TAGS: 'suffix' is not a known value; expected off or prefix",
        "flatten.nested|yes please|FLATTEN_NESTED: 'yes please' is not a boolean; expected true or false",
        "group.tags|2|GROUP_TAGS: '2' is not a boolean; expected true or false",
        "onesignal.custom-events|sometimes|ONESIGNAL_CUSTOM_EVENTS: 'sometimes' is not a boolean; expected true or false",
        "segment.first-event-signatures|maybe|SEGMENT_FIRST_EVENT_SIGNATURES: 'maybe' is not a boolean; expected true or false",
        "segment.first-event-signatures|''|SEGMENT_FIRST_EVENT_SIGNATURES: empty; expected true or false",
        "segment.sources|Web|SEGMENT_SOURCES: 'Web' is not a usable source name; expected names of lower-case letters, digits, '-' and '_' (not 'default')",
        "segment.sources|default|SEGMENT_SOURCES: 'default' is not a usable source name; expected names of lower-case letters, digits, '-' and '_' (not 'default')",
    })
    void badValuesFailWithOneLineNamingTheKey(String key, String value, String message) {
        assertEquals(message, assertThrows(InvalidConfigurationException.class, () -> config(key, value)).getMessage());
    }

    @Test
    void aDeliveringSourceNeedsItsAppAndKey() {
        InvalidConfigurationException noApp = assertThrows(InvalidConfigurationException.class, () -> config(
                "onesignal.api-key", "k", "onesignal.app-id", "a", "segment.sources", "web"));
        assertTrue(noApp.getMessage().startsWith("SOURCE_WEB_ONESIGNAL_APP_ID: empty"), noApp.getMessage());
        InvalidConfigurationException noKey = assertThrows(InvalidConfigurationException.class, () -> config(
                "onesignal.api-key", "k", "onesignal.app-id", "a", "segment.sources", "web",
                "source.web.onesignal-app-id", "w"));
        assertTrue(noKey.getMessage().startsWith("SOURCE_WEB_ONESIGNAL_API_KEY: empty"), noKey.getMessage());
        // dry-run needs neither
        assertEquals("<SOURCE_WEB_ONESIGNAL_APP_ID not set>",
                config("segment.sources", "web").dataIn().sources().get("web").appId());
    }

    @Test
    void anAppIdNotSetReadsAsNotSetInTheLoggedConfiguration() {
        DataInConfig dataIn = config("segment.sources", "web").dataIn();
        assertEquals("<ONESIGNAL_APP_ID not set>", dataIn.defaultSource().appId());
        assertTrue(dataIn.toString().contains("appId=<ONESIGNAL_APP_ID not set>"), dataIn.toString());
        assertTrue(dataIn.toString().contains("appId=<SOURCE_WEB_ONESIGNAL_APP_ID not set>"), dataIn.toString());
        assertEquals("app-1", config("onesignal.app-id", "app-1").dataIn().defaultSource().appId());
    }

    @Test
    void namedSourcesWorkWithTheKafkaTransport() {
        assertEquals(2, config("segment.sources", "web", "bridge.transport", "kafka", "kafka.bootstrap-servers",
                "k:9092").dataIn().sources().size());
    }

    @Test
    void toStringNeverShowsSecrets() {
        String text = config("segment.shared-secrets", "topsecret1", "bridge.write-keys", "topsecret2",
                "segment.sources", "web", "source.web.shared-secret", "topsecret3",
                "source.web.onesignal-api-key", "topsecret4").toString();
        assertFalse(text.contains("topsecret"), text);
        assertTrue(text.contains("web"), text);
    }
}
