package org.sobridge.downstream;

import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;
import org.sobridge.ops.WaitTime;

/**
 * The delay (ms) a route's {@code delay} step waits so that a call keeps within a rate limit: the app-wide
 * {@link SlidingWindowLimit} or the per-user {@link PerKeyInterval}. Reserving is O(1) and holds no lock while
 * waiting, unlike a correlated throttler's queue per key.
 */
public final class WaitForCallSlot extends ExpressionAdapter {

    private final Reservation reserve;
    private final WaitTime waitTime;

    private interface Reservation {
        long nanosToWait(Exchange exchange, long nowNanos);
    }

    private WaitForCallSlot(Reservation reserve, WaitTime waitTime) {
        this.reserve = reserve;
        this.waitTime = waitTime;
    }

    /** At most {@code max} calls per {@code periodMs}; the waits are added to {@code waitTime}. */
    public static WaitForCallSlot perPeriod(int max, long periodMs, WaitTime waitTime) {
        return perPeriod(new SlidingWindowLimit(max, periodMs * 1_000_000L), waitTime);
    }

    /**
     * Within this limit (which may be shared: {@link SlidingWindowLimit#share}); the waits are added to
     * {@code waitTime}.
     */
    public static WaitForCallSlot perPeriod(SlidingWindowLimit limit, WaitTime waitTime) {
        return new WaitForCallSlot((exchange, now) -> limit.reserve(now), waitTime);
    }

    /**
     * One call per key and {@code intervalMs}; {@code key} reads the call's key from the exchange; the waits are
     * added to {@code waitTime}.
     */
    public static WaitForCallSlot perKey(BodyKey<?> key, long intervalMs, WaitTime waitTime) {
        PerKeyInterval limit = new PerKeyInterval(intervalMs * 1_000_000L, System.nanoTime());
        return new WaitForCallSlot((exchange, now) -> limit.reserve((String) key.evaluate(exchange), now), waitTime);
    }

    @Override
    public Object evaluate(Exchange exchange) {
        long waitNanos = reserve.nanosToWait(exchange, System.nanoTime());
        if (waitNanos <= 0) {
            return 0L;
        }
        waitTime.waited(waitNanos);
        // rounded up: a call never starts before its reserved moment
        return (waitNanos + 999_999) / 1_000_000;
    }
}
