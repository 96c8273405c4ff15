package org.sobridge.ops;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Shows each downstream's circuit breaker in /observe/health. An open breaker makes readiness DOWN (the
 * direction cannot deliver; requests are answered 503 at once) but not liveness: the bridge itself is fine and
 * the breaker half-opens by itself.
 */
public final class CircuitBreakerHealthCheck extends AbstractHealthCheck {

    private final List<CircuitBreaker> breakers;

    public CircuitBreakerHealthCheck(List<CircuitBreaker> breakers) {
        super("bridge", "circuit-breakers");
        this.breakers = List.copyOf(breakers);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StringBuilder message = new StringBuilder();
        boolean open = false;
        for (CircuitBreaker breaker : breakers) {
            CircuitBreaker.State state = breaker.getState();
            builder.detail(breaker.getName(), state.name());
            if (!message.isEmpty()) {
                message.append(", ");
            }
            message.append(breaker.getName()).append(": ").append(state.name());
            open |= state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
        }
        builder.message(message.toString());
        if (open) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
