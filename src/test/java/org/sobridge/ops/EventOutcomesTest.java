package org.sobridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventOutcomesTest {

    static final String IN = "segment-to-onesignal";

    @Test
    void keepsTheNewestOutcomesUpToItsCapacityNewestFirst() {
        EventOutcomes outcomes = new EventOutcomes(3);
        outcomes.record(IN, "a", "default", EventOutcome.Kind.RETRY_LATER, "OneSignal answered 503", 0, 0);
        outcomes.record(IN, "b", "default", EventOutcome.Kind.DROPPED, "unsupported type: page", 0, 0);
        outcomes.record(IN, "a", "default", EventOutcome.Kind.DELIVERED, "tags written", 202, 1);
        assertEquals(List.of(EventOutcome.Kind.DELIVERED, EventOutcome.Kind.RETRY_LATER),
                outcomes.of("a").stream().map(EventOutcome::outcome).toList(), "newest first");

        outcomes.record(IN, "c", "default", EventOutcome.Kind.DEAD_LETTER, "OneSignal answered 400", 400, 1);
        assertEquals(1, outcomes.of("a").size(), "the oldest outcome was replaced");
        assertTrue(outcomes.of("a").get(0).outcome() == EventOutcome.Kind.DELIVERED);
        assertEquals(List.of("c", "a", "b"), outcomes.latest(null, 10).stream().map(EventOutcome::messageId).toList());
        assertEquals(List.of("b"), outcomes.latest(EventOutcome.Kind.DROPPED, 10).stream()
                .map(EventOutcome::messageId).toList());
        assertEquals(1, outcomes.latest(null, 1).size());
        assertTrue(outcomes.of("zzz").isEmpty());
    }

    @Test
    void outcomeLabelsAreTheApisNames() {
        assertEquals("dead-letter", EventOutcome.Kind.DEAD_LETTER.label());
        assertEquals(EventOutcome.Kind.RETRY_LATER, EventOutcome.Kind.of("retry-later"));
        assertEquals(null, EventOutcome.Kind.of("lost"));
    }

    @Test
    void theCliStatusMasksEverySecretSetting() {
        for (String secret : List.of("onesignal.api-key", "segment.shared-secret", "segment.shared-secrets",
                "segment.write-key", "bridge.write-keys", "onesignal.events-token", "bridge.admin-token",
                "source.shop.onesignal-api-key", "source.shop.shared-secret", "camel.ssl.keyStorePassword")) {
            assertTrue(MaskedPropertiesConsole.isSecret(secret), secret);
        }
        for (String plain : List.of("onesignal.app-id", "segment.region", "bridge.port", "kafka.topic.segment-in")) {
            assertFalse(MaskedPropertiesConsole.isSecret(plain), plain);
        }
    }
}
