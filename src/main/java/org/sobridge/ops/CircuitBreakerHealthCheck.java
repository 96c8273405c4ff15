package org.sobridge.ops;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Shows each downstream's circuit breaker, and any downstream refusing the credentials, in /observe/health.
 * Either makes readiness DOWN (that direction cannot deliver; requests are answered 503) but not liveness: the
 * bridge itself is fine, the breaker half-opens by itself, and a fixed key is seen on the next accepted call.
 */
public final class CircuitBreakerHealthCheck extends AbstractHealthCheck {

    private final List<CircuitBreaker> breakers;
    private final KeyRefusals keyRefusals;

    public CircuitBreakerHealthCheck(List<CircuitBreaker> breakers, KeyRefusals keyRefusals) {
        super("bridge", "downstreams");
        this.breakers = List.copyOf(breakers);
        this.keyRefusals = keyRefusals;
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
        for (String refusal : keyRefusals.current().values()) {
            message.append("; ").append(refusal);
            open = true;
        }
        builder.message(message.toString());
        if (open) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
