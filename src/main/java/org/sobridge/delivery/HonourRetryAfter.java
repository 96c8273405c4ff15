package org.sobridge.delivery;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.sobridge.ops.BridgeMetrics;

/**
 * Runs when a downstream call fails, before the next attempt is scheduled: a 429/503 with {@code Retry-After}
 * makes the next attempt wait that long (capped); any other failure keeps the exponential backoff. Every failure
 * is counted by downstream and status.
 */
public final class HonourRetryAfter implements Processor {

    private final String downstream;
    private final long maxDelayMs;
    private final BridgeMetrics metrics;

    public HonourRetryAfter(String downstream, long maxDelayMs, BridgeMetrics metrics) {
        this.downstream = downstream;
        this.maxDelayMs = maxDelayMs;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        metrics.downstreamAnswer(downstream, cause instanceof HttpOperationFailedException failed
                ? String.valueOf(failed.getStatusCode())
                : cause == null ? "unknown" : cause.getClass().getSimpleName());
        Long delay = cause instanceof HttpOperationFailedException failed ? retryAfterMs(failed) : null;
        if (delay == null) {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        } else {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.min(delay, maxDelayMs));
        }
    }

    static Long retryAfterMs(HttpOperationFailedException failed) {
        if (failed.getStatusCode() != 429 && failed.getStatusCode() != 503) {
            return null;
        }
        Map<String, String> headers = failed.getResponseHeaders();
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if ("Retry-After".equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
                try {
                    long seconds = Long.parseLong(header.getValue().trim());
                    return seconds >= 0 ? seconds * 1000 : null;
                } catch (NumberFormatException notSeconds) {
                    return null; // an HTTP date: keep the backoff
                }
            }
        }
        return null;
    }
}
