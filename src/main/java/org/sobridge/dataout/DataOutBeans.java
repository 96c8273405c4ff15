package org.sobridge.dataout;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.Registry;
import org.sobridge.Version;
import org.sobridge.config.BridgeConfig;
import org.sobridge.config.ReliabilityConfig;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.downstream.BodyKey;
import org.sobridge.downstream.PrepareCall;
import org.sobridge.downstream.WaitForCallSlot;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.ReadEvents;
import org.sobridge.json.Json;
import org.sobridge.kafka.ReadKafkaRecords;
import org.sobridge.mapping.OneSignalToSegment;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.EventOutcomes;
import org.sobridge.ops.KeyRefusals;
import org.sobridge.security.VerifyBearerToken;

import static org.sobridge.config.Beans.bind;
import static org.sobridge.config.Beans.lookup;

/**
 * Wires Data Out (routes 30-49: OneSignal → Segment): ingest and its token, the mapping and the event filter, the
 * batcher, the Segment call with its rate limit and answers, dry-run. Bean names are the types' names, except where
 * one type serves twice (then the name says which).
 */
@Configuration
public class DataOutBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        BridgeConfig cfg = lookup(registry, BridgeConfig.class);

        registry.bind("verifyEventsToken", new VerifyBearerToken(cfg.oneSignalEventsToken(), false));
        EventOutcomes outcomes = lookup(registry, EventOutcomes.class);
        // OneSignal's Liquid template pastes texts into JSON strings verbatim: a newline in a title arrives raw
        registry.bind("readOneSignalEvents", new ReadEvents(DeadLetter.DATA_OUT, "events", cfg.maxBodyBytes(),
                cfg.segmentDryRun(), exchange -> DeadLetter.DATA_OUT_SOURCE, outcomes, Json.controlCharsReader()));
        bind(registry, new KeepUnreadableBody(lookup(registry, BridgeMetrics.class)));
        registry.bind("readOneSignalRecords", new ReadKafkaRecords(DeadLetter.DATA_OUT, cfg.segmentDryRun(),
                DeadLetter.DATA_OUT_SOURCE, outcomes));
        registry.bind("oneSignalRecordKey", new BodyKey<>(IndexedEvent.class, IndexedEvent::getOneSignalKey));

        bind(registry, new MapOneSignalEvent(new OneSignalToSegment(Version.of())));
        bind(registry, new SegmentEventFilter(cfg.segmentEvents()));
        bind(registry, new DropDisabledEvent());

        bind(registry, new SegmentBatchFull());
        bind(registry, new SegmentBatchStrategy(cfg.segmentFlushMs(),
                lookup(registry, BridgeMetrics.class).segmentEventsWaiting()));
        bind(registry, new RecordSegmentDryRun());
        registry.bind("waitForSegmentSlot", WaitForCallSlot.perPeriod(
                lookup(registry, ReliabilityConfig.class).segmentMaxRequestsPerSecond(), 1000,
                lookup(registry, BridgeMetrics.class).waitTime("segment")));
        String segmentAuthorization = cfg.segmentAuthorization();
        registry.bind("prepareSegmentCall", new PrepareCall("segment", exchange -> segmentAuthorization));
        bind(registry, new RecordSegmentAnswer(
                lookup(registry, BridgeMetrics.class), lookup(registry, KeyRefusals.class)));
        bind(registry, new FailSegmentBatch());
        bind(registry, new SettleRefusedBatch());
        bind(registry, new AwaitBatchDelivery((long) cfg.segmentFlushMs() + cfg.segmentDeliveryTimeoutMs()));
    }
}
