package org.sobridge.datain;

import java.time.Clock;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.config.BridgeConfig;
import org.sobridge.config.ReliabilityConfig;
import org.sobridge.config.SegmentSource;
import org.sobridge.config.TransportConfig;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.downstream.BodyKey;
import org.sobridge.downstream.PrepareCall;
import org.sobridge.downstream.SlidingWindowLimit;
import org.sobridge.downstream.WaitForCallSlot;
import org.sobridge.ingest.HttpApiToBatch;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.ReadEvents;
import org.sobridge.kafka.GroupShare;
import org.sobridge.kafka.ReadKafkaRecords;
import org.sobridge.mapping.CustomEvents;
import org.sobridge.mapping.SegmentToOneSignal;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.EventOutcomes;
import org.sobridge.ops.KeyRefusals;
import org.sobridge.security.VerifyWriteKey;

import static org.sobridge.config.Beans.bind;
import static org.sobridge.config.Beans.lookup;

/**
 * Wires Data In (routes 10-29: Segment → OneSignal): ingest and its checks, the mapping, de-duplication, the
 * OneSignal calls with their rate limits and answers, Engage segments, custom events and dry-run. Bean names are
 * the types' names, except where one type serves twice (then the name says which).
 */
@Configuration
public class DataInBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DataInBeans.class);

    /** How often an instance re-reads its share of the consumer group's partitions. */
    private static final long GROUP_SHARE_REFRESH_MS = 2_000;

    /** Longest a request waits for another request creating the same segment. */
    private static final long SEGMENT_LOCK_TIMEOUT_MS = 30_000;

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        BridgeConfig cfg = lookup(registry, BridgeConfig.class);
        ReliabilityConfig reliability = lookup(registry, ReliabilityConfig.class);
        BridgeMetrics metrics = lookup(registry, BridgeMetrics.class);
        EventOutcomes outcomes = lookup(registry, EventOutcomes.class);
        KeyRefusals keyRefusals = lookup(registry, KeyRefusals.class);

        // ingest: sources, signatures, the Segment-compatible HTTP API
        SegmentSources sources = bind(registry, new SegmentSources(cfg.dataIn().sources()));
        bind(registry, new SelectSegmentSource(sources));
        // Actions batches signed over their first event: each first event is accepted once (the last
        // BRIDGE_DEDUPE_MAX_ENTRIES first events are remembered)
        bind(registry, new VerifySourceSignature(sources, cfg.dataIn().sources().values(),
                cfg.dataIn().firstEventSignatures(),
                MemoryIdempotentRepository.memoryIdempotentRepository(reliability.dedupeMaxEntries())));
        bind(registry, new VerifyWriteKey(cfg.dataIn().writeKeys(), cfg.oneSignalDryRun()));
        bind(registry, new HttpApiToBatch(cfg.maxBodyBytes()));
        registry.bind("readSegmentEvents", new ReadEvents(DeadLetter.DATA_IN, "batch", cfg.maxBodyBytes(),
                cfg.oneSignalDryRun(), exchange -> sources.of(exchange).name(), outcomes));
        registry.bind("readSegmentRecords",
                new ReadKafkaRecords(DeadLetter.DATA_IN, cfg.oneSignalDryRun(), SegmentSource.DEFAULT, outcomes));
        registry.bind("segmentRecordKey", new BodyKey<>(IndexedEvent.class, IndexedEvent::getSegmentKey));
        registry.bind("recordSource", new BodyKey<>(IndexedEvent.class, IndexedEvent::source));

        // one event: de-duplication, mapping, its user's write
        long waitMs = cfg.dataIn().writeWaitMs();
        RecentMessageIds recentMessageIds = bind(registry, new RecentMessageIds(reliability.dedupeWindowMs(),
                reliability.dedupeMaxEntries(), Clock.systemUTC()));
        bind(registry, new ClaimMessageId(recentMessageIds, sources, waitMs));
        bind(registry, new MapSegmentEvent(
                new SegmentToOneSignal(cfg.tagPolicy(), cfg.dataIn().mapping()), sources, cfg.dataIn().customEvents()));
        bind(registry, new RecordDryRunRequest());
        UserWrites userWrites = bind(registry, new UserWrites());
        MarkOneSignalUnavailable unavailable = bind(registry, new MarkOneSignalUnavailable(recentMessageIds));
        bind(registry, new JoinUserWrites(userWrites, sources, unavailable));

        // the user writes of a request, in parallel: rate limits, the call, its answer
        bind(registry, new CollectUserWrites());
        bind(registry, new SeveralUserWrites());
        registry.bind("oneSignalWriteThreads", context.getExecutorServiceManager()
                .newThreadPool(this, "onesignal-writes", cfg.dataIn().parallelWrites(), cfg.dataIn().parallelWrites()));
        bind(registry, new AwaitUserWrites(waitMs));
        registry.bind("waitForOneSignalUserSlot", WaitForCallSlot.perKey(
                new BodyKey<>(UserKeyed.class, UserKeyed::getUserKey), reliability.oneSignalUserWriteIntervalMs(),
                metrics.waitTime("onesignal-user")));
        bind(registry, new SealUserWrite(waitMs, unavailable));
        SlidingWindowLimit appLimit = new SlidingWindowLimit(reliability.oneSignalMaxRequestsPerSecond(), 1_000_000_000L);
        registry.bind("waitForOneSignalAppSlot", WaitForCallSlot.perPeriod(appLimit, metrics.waitTime("onesignal-app")));
        metrics.reading("bridge_onesignal_app_limit_per_second", "OneSignal calls per second per app this instance "
                + "allows: onesignal.max-requests-per-second, times its share of the partitions in Kafka mode", appLimit::max);
        TransportConfig transport = lookup(registry, TransportConfig.class);
        if (transport.kafka()) {
            // OneSignal's limit is per app: the instances of the group split it by the partitions each delivers
            shareWithTheGroup(context, transport, appLimit);
        }
        registry.bind("prepareOneSignalCall", new PrepareCall("onesignal", sources::oneSignalAuthorization));
        bind(registry, new RecordOneSignalAnswer(recentMessageIds, metrics, keyRefusals));
        bind(registry, new CompleteUserWrite(userWrites, unavailable));

        // after the tags: Engage segments and custom events
        bind(registry, new AwaitsFollowUpCalls());
        bind(registry, new OneSignalSegmentCatalog(SEGMENT_LOCK_TIMEOUT_MS));
        bind(registry, new CollectPendingSegments());
        bind(registry, new RecordSegmentCreateDryRun());
        bind(registry, new BatchCustomEvents(CustomEvents.MAX_REQUEST_BYTES));
        bind(registry, new RecordCustomEventsDryRun());
        bind(registry, new RecordCustomEventsAnswer(recentMessageIds, metrics, keyRefusals));
        warn(cfg);
    }

    private static void shareWithTheGroup(CamelContext context, TransportConfig transport, SlidingWindowLimit limit) {
        String clientId = context.getPropertiesComponent().resolveProperty("bridge.instance-id").orElseThrow()
                + "-" + transport.segmentInTopic();
        try {
            context.addService(new GroupShare(context, transport.bootstrapServers(), transport.groupId(),
                    transport.segmentInTopic(), clientId, GROUP_SHARE_REFRESH_MS, limit::share));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the group share of OneSignal's app limit", e);
        }
    }

    private static void warn(BridgeConfig cfg) {
        for (SegmentSource source : cfg.dataIn().sources().values()) {
            if (!source.name().equals(SegmentSource.DEFAULT) && source.secrets().isEmpty()) {
                LOG.warn("source.{}.shared-secret is empty: signatures of /v1/segment/{} are NOT checked.",
                        source.name(), source.name());
            }
        }
        if (cfg.dataIn().writeKeys().isEmpty()) {
            LOG.warn(cfg.oneSignalDryRun()
                    ? "BRIDGE_WRITE_KEYS is empty: in dry-run the Segment HTTP API (/v1/identify, /v1/track, ...) accepts "
                            + "requests without a write key."
                    : "BRIDGE_WRITE_KEYS is empty: the Segment HTTP API (/v1/identify, /v1/track, ...) answers 401.");
        }
    }
}
