package org.sobridge.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.sobridge.ingest.Failures;
import org.sobridge.ops.BridgeMetrics;

/**
 * Whether each Kafka consumer's polls are being delivered. As the {@code onExceptionOccurred} processor of the
 * kafka-consumer route configuration it sees every failed attempt at a poll (which is then retried with backoff);
 * {@link CommitKafkaRecords} reports each poll delivered. Its health check ({@link #healthCheck}, registered in kafka
 * mode only) makes readiness DOWN while a consumer's poll keeps failing, naming the consumer, the failure and the
 * time since its last delivered poll: an outage is visible even when the backoff lets too few calls through to open
 * a circuit breaker.
 */
public final class KafkaPolls implements Processor {

    private record Failing(Instant since, Instant lastDelivered, int attempts, String reason) {
    }

    private final Map<String, Instant> lastDelivered = new ConcurrentHashMap<>();
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();
    private final BridgeMetrics metrics;
    private final Clock clock;

    public KafkaPolls(BridgeMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The readiness check "kafka-polls". */
    public HealthCheck healthCheck() {
        return new AbstractHealthCheck("bridge", "kafka-polls") {
            @Override
            public boolean isLiveness() {
                return false;
            }

            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                report(builder);
            }
        };
    }

    /** A poll of the exchange's consumer failed; it will be tried again. */
    @Override
    public void process(Exchange exchange) {
        String consumer = exchange.getFromRouteId();
        String reason = Failures.describe(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        Instant now = clock.instant();
        failing.merge(consumer, new Failing(now, lastDelivered.get(consumer), 1, reason),
                (was, next) -> new Failing(was.since(), was.lastDelivered(), was.attempts() + 1, reason));
        metrics.kafkaPollRetry(consumer);
    }

    /** A poll of this consumer was delivered (its offsets committed). */
    public void delivered(String consumer) {
        lastDelivered.put(consumer, clock.instant());
        failing.remove(consumer);
    }

    private void report(HealthCheckResultBuilder builder) {
        if (failing.isEmpty()) {
            builder.message("every Kafka consumer's polls are delivered").up();
            return;
        }
        StringBuilder message = new StringBuilder();
        Instant now = clock.instant();
        failing.forEach((consumer, f) -> {
            if (!message.isEmpty()) {
                message.append("; ");
            }
            message.append(consumer).append(": poll failing for ")
                    .append(Duration.between(f.since(), now).toSeconds()).append(" s (")
                    .append(f.attempts()).append(" attempts), last delivered poll ")
                    .append(f.lastDelivered() == null ? "never" : Duration.between(f.lastDelivered(), now).toSeconds()
                            + " s ago").append(": ").append(f.reason());
            builder.detail(consumer, "failing");
        });
        builder.message(message.toString()).down();
    }
}
