package org.sobridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sobridge.ingest.IngestReport;

class BridgeMetricsTest {

    static final String DIRECTION = "segment-to-onesignal";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final BridgeMetrics metrics = new BridgeMetrics(() -> registry, List.of(), new KeyRefusals(), List.of(DIRECTION));

    double count(String name) {
        return registry.get(name).tag("direction", DIRECTION).counter().count();
    }

    @Test
    void aRequestAnsweredAfterDeliveryCountsItsEventsOnce() {
        IngestReport report = new IngestReport(DIRECTION, "default", 3, false, new EventOutcomes(10));
        report.drop(2, "m-2", "no userId, so no OneSignal External ID to update");
        metrics.request(report, Duration.ofMillis(5), true);
        assertEquals(3, count("bridge_events_received"));
        assertEquals(2, count("bridge_events_accepted"));
        assertEquals(1, registry.get("bridge_events_dropped").counter().count());
    }

    @Test
    void withKafkaTheWebhookCountsReceivedAndTheConsumerCountsDelivery() {
        metrics.request(new IngestReport(DIRECTION, "default", 3, false, new EventOutcomes(10)), Duration.ofMillis(5),
                false);
        IngestReport poll = new IngestReport(DIRECTION, "default", 3, false, new EventOutcomes(10));
        poll.drop(0, "m-0", "unsupported type");
        metrics.delivered(poll);
        assertEquals(3, count("bridge_events_received"), "received once, by the webhook");
        assertEquals(2, count("bridge_events_accepted"), "accepted once, by the consumer");
        assertEquals(1, registry.get("bridge_events_dropped").counter().count());
    }
}
