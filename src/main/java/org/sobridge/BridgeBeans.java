package org.sobridge;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.spi.CliConnectorFactory;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.config.BridgeConfig;
import org.sobridge.config.ReliabilityConfig;
import org.sobridge.config.Settings;
import org.sobridge.config.TransportConfig;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.deadletter.DeadLetterWritten;
import org.sobridge.deadletter.ReadDeadLetters;
import org.sobridge.deadletter.RecordDeadLetter;
import org.sobridge.deadletter.RecordReplay;
import org.sobridge.deadletter.RequireReplayed;
import org.sobridge.deadletter.WriteReplayResponse;
import org.sobridge.downstream.BodyKey;
import org.sobridge.downstream.DownstreamRetries;
import org.sobridge.ingest.DecodeBody;
import org.sobridge.ingest.HttpApiEnvelope;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.RequireDelivery;
import org.sobridge.ingest.RequireMediaType;
import org.sobridge.ingest.WriteErrorResponse;
import org.sobridge.ingest.WriteIngestResponse;
import org.sobridge.kafka.CommitKafkaRecords;
import org.sobridge.kafka.JoinKafkaRecords;
import org.sobridge.kafka.KafkaPolls;
import org.sobridge.kafka.RecordDelivery;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.CircuitBreakerHealthCheck;
import org.sobridge.ops.CliLogFile;
import org.sobridge.ops.EventOutcomes;
import org.sobridge.ops.EventsEndpoint;
import org.sobridge.ops.JsonHttpErrors;
import org.sobridge.ops.KeyRefusals;
import org.sobridge.ops.LifecycleEventsConsole;
import org.sobridge.ops.ListeningPorts;
import org.sobridge.ops.MaskedPropertiesConsole;
import org.sobridge.ops.RouteGroupHealthCheck;
import org.sobridge.ops.RoutesReloadHealthCheck;
import org.sobridge.security.VerifyBearerToken;

import static org.sobridge.config.Beans.bind;

/**
 * Wires what both directions share: the checked configuration, circuit breakers, metrics and health, the HTTP
 * answers, the downstream retry policy, dead letters and the Kafka plumbing. Runs before
 * {@link org.sobridge.datain.DataInBeans} and {@link org.sobridge.dataout.DataOutBeans}, which look these beans up
 * by type. Bean names are the types' names, except where one type serves twice (then the name says which).
 */
@Configuration
public class BridgeBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeBeans.class);

    /** Most event outcomes kept in memory (about 200 bytes each). */
    private static final int MAX_EVENT_OUTCOMES = 1_000_000;

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Settings settings = new Settings(key -> properties.resolveProperty(key).orElse(null));
        BridgeConfig cfg = BridgeConfig.from(settings);
        ReliabilityConfig reliability = ReliabilityConfig.from(settings);
        TransportConfig transport = TransportConfig.from(settings);
        requireFreePorts(properties);
        deriveRouteProperties(properties, cfg, transport);

        Registry registry = context.getRegistry();
        bind(registry, cfg);
        bind(registry, reliability);
        bind(registry, transport);
        // platform-http-vertx creates its Vert.x with these options: one worker thread per request in flight
        registry.bind("vertxOptions", new VertxOptions().setWorkerPoolSize(cfg.workerThreads()));

        CircuitBreakerConfig breaker = breakerConfig(reliability);
        CircuitBreaker oneSignal = CircuitBreaker.of("onesignal", breaker);
        CircuitBreaker segment = CircuitBreaker.of("segment", breaker);
        registry.bind("oneSignalCircuitBreaker", oneSignal);
        registry.bind("segmentCircuitBreaker", segment);
        KeyRefusals keyRefusals = bind(registry, new KeyRefusals());
        // our counters go to the registry Camel's metrics service serves as /observe/metrics
        BridgeMetrics metrics = bind(registry, new BridgeMetrics(
                () -> registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class), List.of(oneSignal, segment),
                keyRefusals, List.of(DeadLetter.DATA_IN, DeadLetter.DATA_OUT)));
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        // /observe/health: one check per part of the bridge (not one per route, camel.health.routesEnabled=false)
        health.register(new RouteGroupHealthCheck(context, "data-in", "Segment → OneSignal",
                cfg.oneSignalDryRun() ? " (dry-run: nothing is sent to OneSignal)" : ""));
        health.register(new RouteGroupHealthCheck(context, "data-out", "OneSignal → Segment",
                cfg.segmentDryRun() ? " (dry-run: nothing is sent to Segment)" : ""));
        health.register(new RouteGroupHealthCheck(context, "dead-letters", "dead letters and replay", ""));
        if (transport.kafka()) {
            health.register(new RouteGroupHealthCheck(context, "kafka", "Kafka publishers and consumers", ""));
        }
        // Camel's consumer checks show the Kafka consumers' connection to the broker (consumer:segment-in-consumer,
        // consumer:onesignal-out-consumer; the others are excluded by camel.health.excludePattern): in kafka mode
        // only, as in direct mode those routes are stopped by design and Camel would show them UP. Set here, as
        // the transport decides it (a camel.health.consumersEnabled placeholder is read before BridgeBeans runs).
        HealthCheckRepository consumers = health.getRepository("consumers")
                .orElseGet(() -> (HealthCheckRepository) health.resolveById("consumers"));
        if (consumers != null) {
            consumers.setEnabled(transport.kafka());
            health.register(consumers);
        }
        health.register(new CircuitBreakerHealthCheck(List.of(oneSignal, segment), keyRefusals));
        RoutesReloadHealthCheck reloadCheck = new RoutesReloadHealthCheck();
        reloadCheck.setCamelContext(context);
        health.register(reloadCheck);
        // the last outcomes of events, for GET /observe/events on the management port
        EventOutcomes outcomes = bind(registry, new EventOutcomes(settings.positiveInt("bridge.event-outcomes",
                MAX_EVENT_OUTCOMES)));
        try {
            context.addStartupListener(new ListeningPorts());
            context.addStartupListener(new JsonHttpErrors(HttpApiEnvelope::isApiPath));
            context.addStartupListener(new EventsEndpoint(outcomes));
            context.addStartupListener(metrics);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the start-up listeners", e);
        }

        // the first step of each ingest route (media types compared as HTTP does: any case, parameters allowed)
        registry.bind("requireJson", new RequireMediaType("application/json"));
        registry.bind("requireNdjson", new RequireMediaType("application/x-ndjson"));
        bind(registry, new DecodeBody(cfg.maxBodyBytes()));
        bind(registry, new WriteIngestResponse(metrics, !transport.kafka()));
        bind(registry, new WriteErrorResponse(metrics));
        bind(registry, new RequireDelivery());
        bind(registry, new DownstreamRetries(Map.of(
                "onesignal", new DownstreamRetries.Settings(settings.positiveInt("onesignal.max-retries"),
                        settings.positiveInt("onesignal.retry-delay-ms")),
                "segment", new DownstreamRetries.Settings(settings.positiveInt("segment.max-retries"),
                        settings.positiveInt("segment.retry-delay-ms"))), metrics));

        bind(registry, new RecordDeadLetter(transport.segmentInTopic(), transport.oneSignalOutTopic()));
        bind(registry, new DeadLetterWritten(metrics, outcomes));
        registry.bind("verifyAdminToken", new VerifyBearerToken(reliability.adminToken(), true));
        bind(registry, new ReadDeadLetters());
        bind(registry, new RecordReplay());
        bind(registry, new WriteReplayResponse());
        bind(registry, new RequireReplayed());

        KafkaPolls polls = bind(registry, new KafkaPolls(metrics, Clock.systemUTC()));
        if (transport.kafka()) {
            health.register(polls.healthCheck());
        }
        bind(registry, new CommitKafkaRecords(polls, metrics));
        bind(registry, new RecordDelivery(metrics));
        bind(registry, new JoinKafkaRecords());
        registry.bind("recordValue", new BodyKey<>(IndexedEvent.class, IndexedEvent::getRecord));

        cliConnector(context, settings.bool("bridge.cli-connector"));

        warnAboutUnsafeSettings(cfg);
        LOG.info("Configuration: {}", reliability);
        LOG.info("Transport: {}", transport.kafka()
                ? "kafka (" + transport.bootstrapServers() + ", topics " + transport.segmentInTopic() + ", "
                        + transport.oneSignalOutTopic() + ", group " + transport.groupId() + ")"
                : "direct (in this process)");
    }

    /**
     * The ports Camel's two servers will bind (camel.server.port and camel.management.port, from BRIDGE_PORT and
     * BRIDGE_MANAGEMENT_PORT): one another process holds stops start-up here, with one line naming it.
     */
    private static void requireFreePorts(PropertiesComponent properties) {
        requireFree(properties, "camel.server", ListeningPorts.PORT);
        requireFree(properties, "camel.management", ListeningPorts.MANAGEMENT_PORT);
    }

    private static void requireFree(PropertiesComponent properties, String server, String variable) {
        if ("false".equalsIgnoreCase(properties.resolveProperty(server + ".enabled").orElse("").trim())) {
            return;
        }
        String host = properties.resolveProperty(server + ".host").orElse("0.0.0.0").trim();
        try {
            int port = Integer.parseInt(properties.resolveProperty(server + ".port").orElse("").trim());
            ListeningPorts.requireFree(variable, host, port);
        } catch (NumberFormatException notSetHere) {
            // a port given to Camel in another form: Camel reads it, ListeningPorts checks it once bound
        }
    }

    /**
     * Camel's CLI connector (camel-cli-connector, found on the classpath) writes the status files under ~/.camel that
     * Camel JBang's {@code camel get}, {@code camel top}, ... read, and the log is copied where {@code camel log}
     * reads it. Two of Camel's developer consoles the connector calls every second are replaced, whether it runs or
     * not: "properties" (it would write the secrets into the status file) and "event" (it would make Camel build an
     * event object on every step of every exchange).
     */
    private static void cliConnector(CamelContext context, boolean enabled) {
        DevConsoleRegistry consoles = context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        if (consoles != null) {
            for (DevConsole console : List.of(new MaskedPropertiesConsole(), new LifecycleEventsConsole())) {
                consoles.getConsole(console.getId()).ifPresent(consoles::unregister);
                consoles.register(console);
            }
        }
        CliConnectorFactory factory = context.getCamelContextExtension().getContextPlugin(CliConnectorFactory.class);
        if (factory != null) {
            factory.setEnabled(enabled);
        }
        if (enabled && factory != null) {
            CliLogFile log = new CliLogFile(Path.of(System.getProperty("user.home")));
            try {
                log.start();
                context.addService(log);
            } catch (Exception e) {
                LOG.warn("camel log cannot show this bridge's log: {} not written ({})", log.file(), e.toString());
            }
        }
    }

    /** The route placeholders application.properties lists as derived: computed here from the settings. */
    private static void deriveRouteProperties(PropertiesComponent properties, BridgeConfig cfg,
                                              TransportConfig transport) {
        properties.addOverrideProperty("bridge.segment-event-endpoint", transport.segmentEventEndpoint());
        properties.addOverrideProperty("bridge.onesignal-event-endpoint", transport.oneSignalEventEndpoint());
        properties.addOverrideProperty("bridge.kafka-enabled", String.valueOf(transport.kafka()));
        // names this instance's Kafka clients, so that it finds its own share of the group's partitions
        properties.addOverrideProperty("bridge.instance-id", instanceId(properties));
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
    }

    private static String instanceId(PropertiesComponent properties) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        return properties.resolveProperty("camel.main.name").orElse("bridge") + "-" + host + "-"
                + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
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
