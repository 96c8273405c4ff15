package org.sobridge.downstream;

/**
 * At most {@code max} calls start in any window of {@code period}, as Camel's throttler allows: each call reserves
 * the earliest moment it may start (now, or one period after the call {@code max} places before it) and waits until
 * then. Reservations are kept in a ring of the last {@code max} start times, so a call costs O(1) and no thread.
 */
public final class SlidingWindowLimit {

    private final long periodNanos;
    private final long[] starts;
    private int next;
    private int used;

    public SlidingWindowLimit(int max, long periodNanos) {
        if (max < 1 || periodNanos < 1) {
            throw new IllegalArgumentException("max and period must be positive: " + max + ", " + periodNanos);
        }
        this.periodNanos = periodNanos;
        this.starts = new long[max];
    }

    /** Reserves a start for a call arriving at {@code nowNanos} (System.nanoTime); returns the nanoseconds to wait. */
    public synchronized long reserve(long nowNanos) {
        long start = nowNanos;
        if (used == starts.length) {
            // starts only grow, so the slot about to be reused holds the oldest of the last max starts
            long due = starts[next] + periodNanos;
            start = due - nowNanos > 0 ? due : nowNanos;
        } else {
            used++;
        }
        starts[next] = start;
        next = next + 1 == starts.length ? 0 : next + 1;
        return start - nowNanos;
    }
}
