package org.sobridge.downstream;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.sobridge.ops.BridgeMetrics;

/**
 * The retry policy of every downstream call (routes/00-error-handling.camel.yaml, {@code downstream-retries}), with
 * each downstream's own settings: the exchange names its downstream ({@link PrepareCall} sets it).
 * <ul>
 *   <li>As the {@code onExceptionOccurred} processor it runs when a call failed, before the next attempt is
 *   scheduled: it counts the failure by downstream and status, and sets the next attempt's delay: a 429/503's
 *   {@code Retry-After} (capped), otherwise exponential backoff with ±15 % jitter from the retry delay.</li>
 *   <li>As the {@code retryWhile} predicate it allows the downstream's number of retries.</li>
 * </ul>
 */
public final class DownstreamRetries implements Processor, Predicate {

    /** Exchange property naming the downstream of the call in flight. */
    public static final String DOWNSTREAM = "bridgeDownstream";

    /** One downstream's retry settings. */
    public record Settings(int maxRetries, long retryDelayMs) {
    }

    /** Longest wait between two attempts. */
    static final long MAX_DELAY_MS = 60_000;

    private final Map<String, Settings> byDownstream;
    private final BridgeMetrics metrics;

    public DownstreamRetries(Map<String, Settings> byDownstream, BridgeMetrics metrics) {
        this.byDownstream = Map.copyOf(byDownstream);
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        String downstream = exchange.getProperty(DOWNSTREAM, String.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        metrics.downstreamAnswer(downstream, cause instanceof HttpOperationFailedException failed
                ? String.valueOf(failed.getStatusCode())
                : cause == null ? "unknown" : cause.getClass().getSimpleName(),
                PrepareCall.startedNanos(exchange));
        Long retryAfter = cause instanceof HttpOperationFailedException failed ? retryAfterMs(failed) : null;
        long delay = retryAfter != null ? retryAfter : backoffMs(settings(downstream).retryDelayMs(), failures(exchange));
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.min(delay, MAX_DELAY_MS));
    }

    @Override
    public boolean matches(Exchange exchange) {
        return failures(exchange) <= settings(exchange.getProperty(DOWNSTREAM, String.class)).maxRetries();
    }

    private Settings settings(String downstream) {
        Settings settings = byDownstream.get(downstream);
        if (settings == null) {
            throw new IllegalStateException("no retry settings for downstream " + downstream);
        }
        return settings;
    }

    /** Failed attempts of the current call so far (Camel's redelivery counter). */
    private static int failures(Exchange exchange) {
        Integer counter = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        return counter == null ? 1 : Math.max(counter, 1);
    }

    static long backoffMs(long baseMs, int failures) {
        double exponential = baseMs * Math.pow(2, Math.min(failures - 1, 20));
        return (long) Math.min(MAX_DELAY_MS, exponential * ThreadLocalRandom.current().nextDouble(0.85, 1.15));
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
