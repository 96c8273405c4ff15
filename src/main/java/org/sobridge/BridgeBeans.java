package org.sobridge;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.config.BridgeConfig;
import org.sobridge.config.ReliabilityConfig;
import org.sobridge.config.Settings;
import org.sobridge.config.TransportConfig;
import org.sobridge.datain.AwaitsFollowUpCalls;
import org.sobridge.datain.DropDuplicateEvent;
import org.sobridge.datain.MapSegmentEvent;
import org.sobridge.datain.SegmentSources;
import org.sobridge.dataout.AwaitBatchDelivery;
import org.sobridge.dataout.DropDisabledEvent;
import org.sobridge.dataout.FailSegmentBatch;
import org.sobridge.dataout.MapOneSignalEvent;
import org.sobridge.dataout.RecordSegmentAnswer;
import org.sobridge.dataout.RecordSegmentDryRun;
import org.sobridge.dataout.SegmentBatchFull;
import org.sobridge.dataout.SegmentBatchStrategy;
import org.sobridge.dataout.SegmentEventFilter;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.deadletter.ReadDeadLetters;
import org.sobridge.deadletter.RecordDeadLetter;
import org.sobridge.deadletter.RecordReplay;
import org.sobridge.deadletter.RequireReplayed;
import org.sobridge.deadletter.WriteReplayResponse;
import org.sobridge.delivery.BodyKey;
import org.sobridge.delivery.HonourRetryAfter;
import org.sobridge.delivery.MarkOneSignalUnavailable;
import org.sobridge.delivery.OneSignalRequest;
import org.sobridge.delivery.PrepareCall;
import org.sobridge.delivery.RecentMessageIds;
import org.sobridge.delivery.RecordDryRunRequest;
import org.sobridge.delivery.RecordOneSignalAnswer;
import org.sobridge.delivery.RequireDelivery;
import org.sobridge.delivery.WaitForCallSlot;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.ReadEvents;
import org.sobridge.ingest.WriteErrorResponse;
import org.sobridge.ingest.WriteIngestResponse;
import org.sobridge.kafka.CommitKafkaRecords;
import org.sobridge.kafka.JoinKafkaRecords;
import org.sobridge.kafka.ReadKafkaRecords;
import org.sobridge.kafka.RecordDelivery;
import org.sobridge.mapping.OneSignalToSegment;
import org.sobridge.mapping.SegmentToOneSignal;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.CircuitBreakerHealthCheck;
import org.sobridge.ops.JsonHttpErrors;
import org.sobridge.ops.KeyRefusals;
import org.sobridge.ops.RoutesReloadHealthCheck;
import org.sobridge.security.VerifyBearerToken;
import org.sobridge.security.VerifySourceSignature;

/** Binds the bridge's processors, by the names the YAML routes use, built from one checked {@link BridgeConfig}. */
@Configuration
public class BridgeBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeBeans.class);

    @Override
    public void configure(CamelContext context) {
        var properties = context.getPropertiesComponent();
        Settings settings = new Settings(key -> properties.resolveProperty(key).orElse(null));
        BridgeConfig cfg = BridgeConfig.from(settings);
        ReliabilityConfig reliability = ReliabilityConfig.from(settings);
        TransportConfig transport = TransportConfig.from(settings);
        // the same routes serve both transports: these properties pick the endpoints
        properties.addOverrideProperty("bridge.segment-event-endpoint", transport.segmentEventEndpoint());
        properties.addOverrideProperty("bridge.onesignal-event-endpoint", transport.oneSignalEventEndpoint());
        properties.addOverrideProperty("bridge.kafka-enabled", String.valueOf(transport.kafka()));
        // read by the routes' dry-run choices as constants (a bean call per event would cost more than the choice)
        properties.addOverrideProperty("bridge.onesignal-dry-run", String.valueOf(cfg.oneSignalDryRun()));
        properties.addOverrideProperty("bridge.segment-dry-run", String.valueOf(cfg.segmentDryRun()));
        if (!transport.kafka()) {
            // the Kafka routes stay stopped; their endpoints still need a syntactically valid broker list
            properties.addOverrideProperty("kafka.bootstrap-servers", "localhost:9092");
        }
        // the routes call the effective URLs (segment.api-url may be empty: the region decides)
        properties.addOverrideProperty("onesignal.api-url", cfg.oneSignalApiUrl().toString());
        properties.addOverrideProperty("segment.api-url", cfg.segmentApiUrl().toString());

        Registry registry = context.getRegistry();
        registry.bind("bridgeConfig", cfg);
        CircuitBreakerConfig breaker = breakerConfig(reliability);
        CircuitBreaker oneSignal = CircuitBreaker.of("onesignal", breaker);
        CircuitBreaker segment = CircuitBreaker.of("segment", breaker);
        registry.bind("oneSignalCircuitBreaker", oneSignal);
        registry.bind("segmentCircuitBreaker", segment);
        KeyRefusals keyRefusals = new KeyRefusals();
        HealthCheckRegistry.get(context).register(new CircuitBreakerHealthCheck(List.of(oneSignal, segment), keyRefusals));
        // our counters go to the registry Camel's metrics service serves as /observe/metrics
        BridgeMetrics metrics = new BridgeMetrics(
                () -> registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class), List.of(oneSignal, segment));
        // platform-http-vertx creates its Vert.x with these options: one worker thread per request in flight
        registry.bind("vertxOptions", new VertxOptions().setWorkerPoolSize(cfg.workerThreads()));
        RecentMessageIds recentMessageIds = new RecentMessageIds(reliability.dedupeWindowMs(),
                reliability.dedupeMaxEntries(), Clock.systemUTC());
        registry.bind("recentMessageIds", recentMessageIds);
        bindCommon(context, registry, metrics, transport.kafka());
        bindReliability(registry, reliability, recentMessageIds, metrics);
        registry.bind("recordDeadLetter",
                new RecordDeadLetter(metrics, transport.segmentInTopic(), transport.oneSignalOutTopic()));
        bindDataIn(registry, cfg, recentMessageIds, metrics, keyRefusals);
        bindDataOut(registry, cfg, metrics, keyRefusals);
        registry.bind("readSegmentRecords", new ReadKafkaRecords(DeadLetter.DATA_IN, cfg.oneSignalDryRun()));
        registry.bind("readOneSignalRecords", new ReadKafkaRecords(DeadLetter.DATA_OUT, cfg.segmentDryRun()));
        registry.bind("commitKafkaRecords", new CommitKafkaRecords());
        registry.bind("recordDelivery", new RecordDelivery(metrics));
        registry.bind("segmentRecordKey", new BodyKey<>(IndexedEvent.class, IndexedEvent::getSegmentKey));
        registry.bind("oneSignalRecordKey", new BodyKey<>(IndexedEvent.class, IndexedEvent::getOneSignalKey));
        registry.bind("recordValue", new BodyKey<>(IndexedEvent.class, IndexedEvent::getRecord));
        registry.bind("joinKafkaRecords", new JoinKafkaRecords());
        registry.bind("requireReplayed", new RequireReplayed());
        warnAboutUnsafeSettings(cfg);
        LOG.info("Configuration: {}", reliability);
        LOG.info("Transport: {}", transport.kafka()
                ? "kafka (" + transport.bootstrapServers() + ", topics " + transport.segmentInTopic() + ", "
                        + transport.oneSignalOutTopic() + ", group " + transport.groupId() + ")"
                : "direct (in this process)");
    }

    private static void bindCommon(CamelContext context, Registry registry, BridgeMetrics metrics, boolean kafka) {
        registry.bind("writeIngestResponse", new WriteIngestResponse(metrics, !kafka));
        registry.bind("writeErrorResponse", new WriteErrorResponse(metrics));
        try {
            context.addStartupListener(new JsonHttpErrors());
            context.addStartupListener(metrics);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the start-up listeners", e);
        }
        RoutesReloadHealthCheck reloadCheck = new RoutesReloadHealthCheck();
        reloadCheck.setCamelContext(context);
        HealthCheckRegistry.get(context).register(reloadCheck);
    }

    private static CircuitBreakerConfig breakerConfig(ReliabilityConfig reliability) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(reliability.breakerFailureRate())
                .slidingWindowSize(reliability.breakerWindow())
                .minimumNumberOfCalls(Math.min(reliability.breakerWindow(), 10))
                .waitDurationInOpenState(Duration.ofMillis(reliability.breakerOpenMs()))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }

    private static void bindReliability(Registry registry, ReliabilityConfig reliability,
                                        RecentMessageIds recentMessageIds, BridgeMetrics metrics) {
        // the routes' rate-limit delay steps
        registry.bind("oneSignalAppRate", WaitForCallSlot.perPeriod(reliability.oneSignalMaxRequestsPerSecond(), 1000));
        registry.bind("oneSignalUserRate", WaitForCallSlot.perKey(
                new BodyKey<>(OneSignalRequest.class, OneSignalRequest::getUserKey), reliability.oneSignalUserWriteIntervalMs()));
        registry.bind("segmentRate", WaitForCallSlot.perPeriod(reliability.segmentMaxRequestsPerSecond(), 1000));
        registry.bind("oneSignalCallFailed", new HonourRetryAfter("onesignal", reliability.retryAfterCapMs(), metrics));
        registry.bind("segmentCallFailed", new HonourRetryAfter("segment", reliability.retryAfterCapMs(), metrics));
        registry.bind("markOneSignalUnavailable", new MarkOneSignalUnavailable(recentMessageIds));
        registry.bind("requireDelivery", new RequireDelivery());
        registry.bind("dropDuplicateEvent", new DropDuplicateEvent());
        registry.bind("verifyAdminToken", new VerifyBearerToken(reliability.adminToken(), true));
        registry.bind("readDeadLetters", new ReadDeadLetters());
        registry.bind("recordReplay", new RecordReplay());
        registry.bind("writeReplayResponse", new WriteReplayResponse());
    }

    private static void bindDataIn(Registry registry, BridgeConfig cfg, RecentMessageIds recentMessageIds,
                                   BridgeMetrics metrics, KeyRefusals keyRefusals) {
        SegmentSources sources = new SegmentSources(cfg.dataIn().sources());
        registry.bind("verifySegmentSignature", new VerifySourceSignature(sources, cfg.dataIn().sources().values()));
        registry.bind("readSegmentEvents", new ReadEvents(DeadLetter.DATA_IN, "batch", cfg.maxBodyBytes(), cfg.oneSignalDryRun()));
        registry.bind("mapSegmentEvent", new MapSegmentEvent(
                new SegmentToOneSignal(cfg.tagPolicy(), cfg.dataIn().mapping()), sources, cfg.dataIn().customEvents()));
        DataInBeans.bind(registry, cfg, sources, recentMessageIds, metrics, keyRefusals);
        registry.bind("recordDryRunRequest", new RecordDryRunRequest());
        registry.bind("recordOneSignalAnswer", new RecordOneSignalAnswer(recentMessageIds, metrics, keyRefusals));
        registry.bind("prepareOneSignalCall", new PrepareCall(sources::oneSignalAuthorization));
        registry.bind("awaitsFollowUpCalls", new AwaitsFollowUpCalls());
        registry.bind("segmentDedupeKey", new BodyKey<>(IndexedEvent.class, IndexedEvent::getDedupeKey));
    }

    private static void bindDataOut(Registry registry, BridgeConfig cfg, BridgeMetrics metrics,
                                    KeyRefusals keyRefusals) {
        registry.bind("verifyEventsToken", new VerifyBearerToken(cfg.oneSignalEventsToken(), false));
        registry.bind("readOneSignalEvents", new ReadEvents(DeadLetter.DATA_OUT, "events", cfg.maxBodyBytes(), cfg.segmentDryRun()));
        registry.bind("mapOneSignalEvent", new MapOneSignalEvent(new OneSignalToSegment(Version.of())));
        registry.bind("segmentEventFilter", new SegmentEventFilter(cfg.segmentEvents()));
        registry.bind("dropDisabledEvent", new DropDisabledEvent());
        registry.bind("segmentBatchFull", new SegmentBatchFull());
        registry.bind("segmentBatchStrategy", new SegmentBatchStrategy(cfg.segmentFlushMs()));
        registry.bind("recordSegmentDryRun", new RecordSegmentDryRun());
        registry.bind("recordSegmentAnswer", new RecordSegmentAnswer(metrics, keyRefusals));
        String segmentAuthorization = cfg.segmentAuthorization();
        registry.bind("prepareSegmentCall", new PrepareCall(exchange -> segmentAuthorization));
        registry.bind("failSegmentBatch", new FailSegmentBatch());
        registry.bind("awaitBatchDelivery",
                new AwaitBatchDelivery((long) cfg.segmentFlushMs() + cfg.segmentDeliveryTimeoutMs()));
    }

    private static void warnAboutUnsafeSettings(BridgeConfig cfg) {
        if (cfg.oneSignalDryRun()) {
            LOG.warn("*** DRY RUN (Data In): nothing is sent to OneSignal; requests are logged and returned in the "
                    + "answer. Set ONESIGNAL_API_KEY and ONESIGNAL_APP_ID to deliver. ***");
        }
        if (cfg.segmentDryRun()) {
            LOG.warn("*** DRY RUN (Data Out): nothing is sent to Segment; batches are logged and returned in the "
                    + "answer. Set SEGMENT_WRITE_KEY to deliver. ***");
        }
        if (cfg.dataIn().defaultSource().secrets().isEmpty()) {
            LOG.warn("SEGMENT_SHARED_SECRET is empty: Segment webhook signatures are NOT checked; "
                    + "anyone who can reach /v1/segment can write tags.");
        }
        if (cfg.oneSignalEventsToken().isEmpty()) {
            LOG.warn("ONESIGNAL_EVENTS_TOKEN is empty: /v1/onesignal/events accepts requests without a token.");
        }
        LOG.info("Configuration: {}", cfg);
    }
}
