package org.sobridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sobridge.mapping.SegmentEventNames;

class BridgeConfigTest {

    private static BridgeConfig config(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return BridgeConfig.from(FileSettings.of(values));
    }

    @Test
    void defaultsAreADryRunThatNeedsNoCredentials() {
        BridgeConfig config = config();
        assertTrue(config.oneSignalDryRun());
        assertTrue(config.segmentDryRun());
        assertEquals(URI.create("https://api.onesignal.com"), config.oneSignalApiUrl());
        assertEquals(URI.create("https://api.segment.io"), config.segmentApiUrl());
        assertEquals(1024 * 1024, config.maxBodyBytes());
        assertEquals(30_000, config.segmentDeliveryTimeoutMs());
        assertEquals(1000, config.segmentFlushMs());
    }

    @Test
    void rateLimitsAreBoundedBecauseTheLimiterKeepsOneSecondOfStarts() {
        Map<String, String> values = new HashMap<>(Map.of("onesignal.max-requests-per-second", "1000000",
                "segment.max-requests-per-second", "50"));
        ReliabilityConfig ok = ReliabilityConfig.from(FileSettings.of(values));
        assertEquals(1_000_000, ok.oneSignalMaxRequestsPerSecond());
        assertEquals(50, ok.segmentMaxRequestsPerSecond());
        values.put("onesignal.max-requests-per-second", "1000001");
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ReliabilityConfig.from(FileSettings.of(values)));
        assertTrue(e.getMessage().contains("ONESIGNAL_MAX_REQUESTS_PER_SECOND"), e.getMessage());
        assertTrue(e.getMessage().contains("from 1 to 1000000"), e.getMessage());
    }

    @Test
    void anApiKeyTurnsDryRunOffUnlessForced() {
        assertFalse(config("onesignal.api-key", "k", "onesignal.app-id", "a").oneSignalDryRun());
        assertTrue(config("onesignal.api-key", "k", "bridge.dry-run", "true").oneSignalDryRun());
    }

    @Test
    void euRegionPicksTheEuEndpointAndAnExplicitUrlWins() {
        assertEquals(URI.create("https://events.eu1.segmentapis.com"), config("segment.region", "EU").segmentApiUrl());
        assertEquals(URI.create("http://localhost:1234"),
                config("segment.region", "eu", "segment.api-url", "http://localhost:1234").segmentApiUrl());
    }

    @ParameterizedTest(name = "{0}={1} → {2}")
    @CsvSource(delimiter = '|', value = {
        "segment.region|mars|SEGMENT_REGION: 'mars' is not a known value; expected us or eu",
        "onesignal.api-url|ftp://x|ONESIGNAL_API_URL: 'ftp://x' is not an http(s) base URL; expected a URL such as https://api.example.com (no query or fragment)",
        "bridge.max-body-bytes|-1|BRIDGE_MAX_BODY_BYTES: '-1' is not a positive whole number; expected a whole number greater than 0",
        "segment.batch-size|ten|SEGMENT_BATCH_SIZE: 'ten' is not a positive whole number; expected a whole number greater than 0",
        "bridge.dry-run|maybe|BRIDGE_DRY_RUN: 'maybe' is not a boolean; expected true or false",
        "bridge.port|abc|BRIDGE_PORT: 'abc' is not a port number; expected a port number from 0 to 65535 (0: any free port)",
        "bridge.port|65536|BRIDGE_PORT: '65536' is not a port number; expected a port number from 0 to 65535 (0: any free port)",
        "bridge.management-port|99999|BRIDGE_MANAGEMENT_PORT: '99999' is not a port number; expected a port number from 0 to 65535 (0: any free port)",
        "bridge.management-port|-1|BRIDGE_MANAGEMENT_PORT: '-1' is not a port number; expected a port number from 0 to 65535 (0: any free port)",
    })
    void badValuesFailWithOneLineNamingTheKey(String key, String value, String message) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> config(key, value));
        assertEquals(message, e.getMessage());
    }

    @Test
    void unknownSegmentEventNamesAreRefusedAndKnownOnesAcceptedInAnyCase() {
        assertTrue(assertThrows(InvalidConfigurationException.class, () -> config("segment.events", "Push Clicked,Push Klicked"))
                .getMessage().startsWith("SEGMENT_EVENTS: 'Push Klicked' is not an event the bridge sends; expected a comma list of: Push Sent"));
        assertEquals(2, config("segment.events", "push clicked, Email Opened").segmentEvents().size());
        assertThrows(InvalidConfigurationException.class, () -> config("segment.batch-size", "2501"));
    }

    @Test
    void segmentEventsDefaultToTheSixteenNamesOfOneSignalsOwnIntegration() {
        assertEquals(Set.copyOf(SegmentEventNames.PRODUCT_TEXT_NAMES), config().segmentEvents());
        assertFalse(config().segmentEvents().contains("Push Failed"));
        assertEquals(SegmentEventNames.all(), config("segment.events", "all").segmentEvents());
        assertEquals(SegmentEventNames.all(), config("segment.events", " ALL ").segmentEvents());
        assertEquals(Set.of("Push Failed", "Push Clicked"), config("segment.events", "push failed,Push Clicked").segmentEvents());
        assertEquals("SEGMENT_EVENTS: 'all' together with event names; expected all alone, or a comma list of event names",
                assertThrows(InvalidConfigurationException.class, () -> config("segment.events", "all,Push Failed")).getMessage());
    }

    @Test
    void sendingWithoutCredentialsIsRefused() {
        assertEquals("ONESIGNAL_API_KEY: empty while BRIDGE_DRY_RUN=false; expected the OneSignal App API key (or BRIDGE_DRY_RUN=true)",
                assertThrows(InvalidConfigurationException.class, () -> config("bridge.dry-run", "false")).getMessage());
        assertTrue(assertThrows(InvalidConfigurationException.class,
                () -> config("onesignal.api-key", "k")).getMessage().startsWith("ONESIGNAL_APP_ID:"));
    }

    @Test
    void toStringNeverShowsSecrets() {
        String text = config("onesignal.api-key", "KEY-123", "onesignal.app-id", "app", "segment.shared-secret", "SEC-456",
                "segment.write-key", "WK-789", "onesignal.events-token", "TOK-000").toString();
        for (String secret : new String[] {"KEY-123", "SEC-456", "WK-789", "TOK-000"}) {
            assertFalse(text.contains(secret), text);
        }
    }

    @Test
    void kafkaTransportNeedsBrokersAndPicksTheKafkaEndpoints() {
        Map<String, String> values = new HashMap<>(Map.of("bridge.transport", "kafka"));
        assertEquals("KAFKA_BOOTSTRAP_SERVERS: empty while BRIDGE_TRANSPORT=kafka; expected host:port[,host:port...] of the Kafka brokers",
                assertThrows(InvalidConfigurationException.class, () -> TransportConfig.from(FileSettings.of(values))).getMessage());
        values.put("kafka.bootstrap-servers", "k:9092");
        TransportConfig kafka = TransportConfig.from(FileSettings.of(values));
        assertEquals("direct:segment-publish", kafka.segmentEventEndpoint());
        assertEquals("direct:onesignal-publish", kafka.oneSignalEventEndpoint());
        TransportConfig direct = TransportConfig.from(FileSettings.of(Map.of()));
        assertEquals("direct:segment-event", direct.segmentEventEndpoint());
        assertFalse(direct.kafka());
        assertThrows(InvalidConfigurationException.class,
                () -> TransportConfig.from(FileSettings.of(Map.of("bridge.transport", "rabbit"))));
    }

    @Test
    void envNamesFollowThePropertyNames() {
        assertEquals("ONESIGNAL_APP_ID", Settings.envName("onesignal.app-id"));
        assertEquals("TAGS_DENY", Settings.envName("tags.deny"));
    }
}
