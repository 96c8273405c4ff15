package org.sobridge.ops;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.spi.InflightRepository;

/**
 * The bridge's own Prometheus metrics, next to Camel's per-route ones on /observe/metrics. Reasons are reduced to
 * their stable part (before the first ':') so that label values stay few.
 */
public final class BridgeMetrics implements StartupListener {

    private final Supplier<MeterRegistry> lookup;
    private final List<CircuitBreaker> breakers;
    private volatile MeterRegistry registry;
    private final MeterCache meters = new MeterCache();
    private volatile InflightRepository inflight;
    private volatile ManagedCamelContext managed;

    /**
     * @param lookup   finds the registry Camel's metrics service serves (it exists only once Camel started)
     * @param breakers whose state is exported as a gauge
     */
    public BridgeMetrics(Supplier<MeterRegistry> lookup, List<CircuitBreaker> breakers) {
        this.lookup = lookup;
        this.breakers = List.copyOf(breakers);
    }

    private MeterRegistry registry() {
        MeterRegistry found = registry;
        if (found == null) {
            synchronized (this) {
                if (registry == null) {
                    MeterRegistry served = lookup.get();
                    registry = served != null ? served : new SimpleMeterRegistry();
                    watch(registry);
                }
                found = registry;
            }
        }
        return found;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the metrics registry and every route exist only once Camel is fully started
    }

    /**
     * Registers the meters read when scraped, once Camel started (so they are there before the first request): the
     * breakers, the webhook requests in flight per HTTP route ({@code bridge_requests_inflight{route}}, from
     * Camel's inflight repository) and each route's completed and failed exchanges (from its JMX statistics). They
     * cost nothing per event, unlike Camel's Micrometer route policy (a timer and a formatted name per route per
     * exchange), which is off.
     */
    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        MeterRegistry meters = registry();
        // Micrometer holds a gauge's object weakly: these two are kept here, as the meters' objects, so that a GC
        // cannot turn the meters into NaN (which Prometheus then leaves out)
        inflight = context.getInflightRepository();
        managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        for (Route route : context.getRoutes()) {
            String routeId = route.getRouteId();
            if (route.getEndpoint().getEndpointUri().startsWith("platform-http:")) {
                Gauge.builder("bridge_requests_inflight", this, metrics -> metrics.inflight.size(routeId))
                        .tag("route", routeId)
                        .description("webhook requests being processed by the route").register(meters);
            }
            if (managed != null) {
                FunctionCounter.builder("bridge_route_exchanges_completed", this,
                                metrics -> metrics.routeStatistic(routeId, ManagedRouteMBean::getExchangesCompleted))
                        .tag("route", routeId).description("exchanges the route completed").register(meters);
                FunctionCounter.builder("bridge_route_exchanges_failed", this,
                                metrics -> metrics.routeStatistic(routeId, ManagedRouteMBean::getExchangesFailed))
                        .tag("route", routeId).description("exchanges that failed in the route").register(meters);
            }
        }
    }

    private double routeStatistic(String routeId, ToLongFunction<ManagedRouteMBean> statistic) {
        ManagedRouteMBean route = managed.getManagedRoute(routeId);
        return route == null ? 0 : statistic.applyAsLong(route);
    }

    /**
     * A webhook request was answered: its events received, dropped, and (when the answer waited for their delivery,
     * i.e. not with the Kafka transport, whose consumer counts them: {@link #delivered}) accepted; its duration.
     */
    public void request(EventCounts report, Duration took, boolean countAccepted) {
        String direction = report.direction();
        counter("bridge_events_received", "events received in webhook requests", "direction", direction)
                .increment(report.received());
        if (countAccepted) {
            delivered(report);
        } else {
            dropped(report);
        }
        meters.computeIfAbsent("bridge_request_duration\0" + direction, key -> Timer.builder("bridge_request_duration")
                .tag("direction", direction).description("webhook request time until every event was delivered")
                .publishPercentileHistogram().register(registry()), Timer.class).record(took);
    }

    /** Events of a request or a Kafka poll were delivered or dropped (they were counted as received already). */
    public void delivered(EventCounts report) {
        counter("bridge_events_accepted", "events delivered (or recorded in dry-run)", "direction", report.direction())
                .increment(report.accepted());
        dropped(report);
    }

    private void dropped(EventCounts report) {
        for (String reason : report.dropReasons()) {
            counter("bridge_events_dropped", "events dropped on purpose, by reason",
                    "direction", report.direction(), "reason", reasonCode(reason)).increment();
        }
    }

    /** The counter with these tags (name/value pairs), registered once: Micrometer's register looks it up each time. */
    private Counter counter(String name, String description, String... tags) {
        return meters.computeIfAbsent(name + "\0" + String.join("\0", tags),
                key -> Counter.builder(name).tags(tags).description(description).register(registry()), Counter.class);
    }

    public void unavailable(String direction) {
        Counter.builder("bridge_requests_unavailable").tag("direction", direction)
                .description("webhook requests answered 503 because a downstream could not take the events")
                .register(registry()).increment();
    }

    public void deadLettered(String direction) {
        Counter.builder("bridge_events_dead_lettered").tag("direction", direction)
                .description("events a downstream refused for good, written to the dead-letter file")
                .register(registry()).increment();
    }

    /** A webhook body that was not JSON was answered 400 (and, for Data Out, kept in the dead-letter file). */
    public void unreadableBody(String direction) {
        counter("bridge_requests_unreadable", "webhook requests whose body is not JSON (answered 400)",
                "direction", direction).increment();
    }

    public void downstreamAnswer(String downstream, String status) {
        counter("bridge_downstream_responses", "answers of OneSignal and Segment by status (or error type)",
                "downstream", downstream, "status", status).increment();
    }

    /** A Kafka consumer's poll failed and is retried with backoff. */
    public void kafkaPollRetry(String consumer) {
        counter("bridge_kafka_poll_retries", "failed attempts at delivering a Kafka poll (each is retried with backoff)",
                "consumer", consumer).increment();
    }

    /** A Kafka consumer could not commit a poll's offsets because its partitions were being reassigned. */
    public void kafkaCommitLostToRebalance(String consumer) {
        counter("bridge_kafka_commits_lost_to_rebalance",
                "poll commits refused during a rebalance (the partitions' new owner delivers those records again)",
                "consumer", consumer).increment();
    }

    public void segmentBatch(int events) {
        DistributionSummary.builder("bridge_segment_batch_events")
                .description("events per /v1/batch call to Segment").register(registry()).record(events);
    }

    private void watch(MeterRegistry registry) {
        for (CircuitBreaker breaker : breakers) {
            Gauge.builder("bridge_circuit_breaker_open", breaker,
                            b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                    .tag("downstream", breaker.getName())
                    .description("1 while the downstream's circuit breaker is open").register(registry);
        }
    }

    static String reasonCode(String reason) {
        int colon = reason.indexOf(':');
        String code = colon > 0 ? reason.substring(0, colon) : reason;
        code = code.length() > 60 ? code.substring(0, 60) : code;
        return code.toLowerCase(Locale.ROOT);
    }

    /** Meters by name and tags, so that an event pays a map lookup, not a registration. */
    private static final class MeterCache {

        private final Map<String, Meter> byKey = new ConcurrentHashMap<>();

        <M extends Meter> M computeIfAbsent(String key, Function<String, M> create, Class<M> type) {
            return type.cast(byKey.computeIfAbsent(key, create));
        }
    }
}
