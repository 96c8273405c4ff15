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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.InflightRepository;

/**
 * The bridge's own Prometheus metrics, next to Camel's per-route ones on /observe/metrics. Reasons are reduced to
 * their stable part (before the first ':') so that label values stay few.
 */
public final class BridgeMetrics implements StartupListener {

    /** Seconds between two readiness checks for {@code bridge_ready}. */
    private static final long READY_PERIOD_S = 10;

    /** Downstreams whose refusal of the credentials is exported. */
    private static final List<String> DOWNSTREAMS = List.of("onesignal", "segment");

    /** Buckets of the downstream call histogram (a few fixed ones: cheaper per call than percentile buckets). */
    private static final Duration[] CALL_BUCKETS = Stream.of(10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final Supplier<MeterRegistry> lookup;
    private final List<CircuitBreaker> breakers;
    private final KeyRefusals keyRefusals;
    private final List<String> directions;
    private final Map<String, WaitTime> waitTimes = new ConcurrentHashMap<>();
    private final LongAdder segmentEventsWaiting = new LongAdder();
    private final List<Reading> readings = new CopyOnWriteArrayList<>();
    private volatile CamelContext context;
    private volatile boolean ready;
    private volatile MeterRegistry registry;
    private final MeterCache meters = new MeterCache();
    private volatile InflightRepository inflight;
    private volatile ManagedCamelContext managed;

    /**
     * @param lookup   finds the registry Camel's metrics service serves (it exists only once Camel started)
     * @param breakers    whose state is exported as a gauge
     * @param keyRefusals which downstream refuses the credentials, exported as a gauge
     * @param directions  the directions whose event counters are exported from the start (at 0), so that a rule
     *                    over {@code increase()} sees their first event
     */
    public BridgeMetrics(Supplier<MeterRegistry> lookup, List<CircuitBreaker> breakers, KeyRefusals keyRefusals,
                         List<String> directions) {
        this.lookup = lookup;
        this.breakers = List.copyOf(breakers);
        this.keyRefusals = keyRefusals;
        this.directions = List.copyOf(directions);
    }

    /**
     * The wait time of one rate limit ({@code onesignal-app}, {@code onesignal-user}, {@code segment}), exported as
     * {@code bridge_rate_limit_wait_seconds_total{limit}} and {@code bridge_rate_limit_waits_total{limit}} once Camel
     * started (the metrics registry does not exist before).
     */
    public WaitTime waitTime(String limit) {
        return waitTimes.computeIfAbsent(limit, name -> new WaitTime());
    }

    /** A value read when scraped, exported as a gauge once Camel started. */
    public void reading(String name, String description, Supplier<Number> value) {
        readings.add(new Reading(name, description, value));
    }

    private record Reading(String name, String description, Supplier<Number> value) {
    }

    /** Events in open Segment batches (added when one joins a batch, taken off when its batch is done). */
    public LongAdder segmentEventsWaiting() {
        return segmentEventsWaiting;
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
        this.context = context;
        for (String direction : directions) {
            received(direction);
            accepted(direction);
            deadLettered(direction, 0);
            unavailable(direction, 0);
        }
        inflight = context.getInflightRepository();
        checkReadiness();
        context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "readiness-metric")
                .scheduleWithFixedDelay(this::checkReadiness, READY_PERIOD_S, READY_PERIOD_S, TimeUnit.SECONDS);
        Gauge.builder("bridge_ready", this, metrics -> metrics.ready ? 1 : 0)
                .description("1 while every readiness check is UP (as /observe/health/ready), checked every "
                        + READY_PERIOD_S + " s").register(meters);
        Gauge.builder("bridge_segment_events_waiting", segmentEventsWaiting, LongAdder::sum)
                .description("events in open Segment batches, waiting for their batch to be sent").register(meters);
        waitTimes.forEach((limit, waits) -> {
            FunctionCounter.builder("bridge_rate_limit_wait_seconds", waits, WaitTime::seconds).tag("limit", limit)
                    .description("time calls waited for a rate limit's slot").register(meters);
            FunctionCounter.builder("bridge_rate_limit_waits", waits, WaitTime::waits).tag("limit", limit)
                    .description("calls that waited for a rate limit's slot").register(meters);
        });
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

    /**
     * Readiness as the health endpoint computes it (no readiness check DOWN), on a thread of its own every
     * {@link #READY_PERIOD_S} seconds: the checks cover every route and consumer, and run on the scrape they
     * took CPU from the requests being served at that moment.
     */
    private void checkReadiness() {
        try {
            ready = HealthCheckHelper.invokeReadiness(context).stream()
                    .noneMatch(result -> result.getState() == HealthCheck.State.DOWN);
        } catch (RuntimeException e) {
            ready = false;
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
        received(direction).increment(report.received());
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
        accepted(report.direction()).increment(report.accepted());
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

    private Counter received(String direction) {
        return counter("bridge_events_received", "events received in webhook requests", "direction", direction);
    }

    private Counter accepted(String direction) {
        return counter("bridge_events_accepted", "events delivered (or recorded in dry-run)", "direction", direction);
    }

    public void unavailable(String direction) {
        unavailable(direction, 1);
    }

    private void unavailable(String direction, int requests) {
        counter("bridge_requests_unavailable",
                "webhook requests answered 503 because a downstream could not take the events",
                "direction", direction).increment(requests);
    }

    public void deadLettered(String direction) {
        deadLettered(direction, 1);
    }

    private void deadLettered(String direction, int events) {
        counter("bridge_events_dead_lettered", "events a downstream refused for good, written to the dead-letter file",
                "direction", direction).increment(events);
    }

    /** A webhook body that was not JSON was answered 400 (and, for Data Out, kept in the dead-letter file). */
    public void unreadableBody(String direction) {
        counter("bridge_requests_unreadable", "webhook requests whose body is not JSON (answered 400)",
                "direction", direction).increment();
    }

    /**
     * A downstream answered a call (or the attempt failed: status is then the error type). {@code startedNanos}: when
     * the call's first attempt started ({@code System.nanoTime()}), 0 when unknown.
     */
    public void downstreamAnswer(String downstream, String status, long startedNanos) {
        counter("bridge_downstream_responses", "answers of OneSignal and Segment by status (or error type)",
                "downstream", downstream, "status", status).increment();
        if (startedNanos != 0) {
            meters.computeIfAbsent("bridge_downstream_call_duration\0" + downstream,
                    key -> Timer.builder("bridge_downstream_call_duration").tag("downstream", downstream)
                            .description("time from a call's first attempt to this answer (retries included)")
                            .serviceLevelObjectives(CALL_BUCKETS).register(registry()), Timer.class)
                    .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        }
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
        for (Reading reading : readings) {
            Gauge.builder(reading.name(), reading.value()).description(reading.description()).register(registry);
        }
        for (String downstream : DOWNSTREAMS) {
            Gauge.builder("bridge_credentials_refused", keyRefusals, refusals -> refusals.isRefused(downstream) ? 1 : 0)
                    .tag("downstream", downstream)
                    .description("1 while the downstream refuses the bridge's credentials (401/403)")
                    .register(registry);
        }
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
