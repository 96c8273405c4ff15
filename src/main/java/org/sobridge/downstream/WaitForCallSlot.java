package org.sobridge.downstream;

import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The delay (ms) a route's {@code delay} step waits so that a call keeps within a rate limit: the app-wide
 * {@link SlidingWindowLimit} or the per-user {@link PerKeyInterval}. Reserving is O(1) and holds no lock while
 * waiting, unlike a correlated throttler's queue per key.
 */
public final class WaitForCallSlot extends ExpressionAdapter {

    private final Reservation reserve;

    private interface Reservation {
        long nanosToWait(Exchange exchange, long nowNanos);
    }

    private WaitForCallSlot(Reservation reserve) {
        this.reserve = reserve;
    }

    /** At most {@code max} calls per {@code periodMs}. */
    public static WaitForCallSlot perPeriod(int max, long periodMs) {
        return perPeriod(new SlidingWindowLimit(max, periodMs * 1_000_000L));
    }

    /** Within this limit (which may be shared: {@link SlidingWindowLimit#share}). */
    public static WaitForCallSlot perPeriod(SlidingWindowLimit limit) {
        return new WaitForCallSlot((exchange, now) -> limit.reserve(now));
    }

    /** One call per key and {@code intervalMs}; {@code key} reads the call's key from the exchange. */
    public static WaitForCallSlot perKey(BodyKey<?> key, long intervalMs) {
        PerKeyInterval limit = new PerKeyInterval(intervalMs * 1_000_000L, System.nanoTime());
        return new WaitForCallSlot((exchange, now) -> limit.reserve((String) key.evaluate(exchange), now));
    }

    @Override
    public Object evaluate(Exchange exchange) {
        long waitNanos = reserve.nanosToWait(exchange, System.nanoTime());
        // rounded up: a call never starts before its reserved moment
        return waitNanos <= 0 ? 0L : (waitNanos + 999_999) / 1_000_000;
    }
}
