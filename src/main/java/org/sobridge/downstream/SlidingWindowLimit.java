package org.sobridge.downstream;

/**
 * At most {@code max} calls start in any window of {@code period}, as Camel's throttler allows: each call reserves
 * the earliest moment it may start (now, or one period after the call {@code max} places before it, and never before
 * the call before it) and waits until then. Reservations are kept in a ring of the last start times, so a call costs
 * O(1) and no thread. The limit can be lowered (and raised again, up to the {@code max} it was made with) while
 * calls go on: {@link #share}.
 */
public final class SlidingWindowLimit {

    private final long periodNanos;
    private final long[] starts;
    private volatile int max;
    private int next;
    private int used;
    private long last = Long.MIN_VALUE;

    public SlidingWindowLimit(int max, long periodNanos) {
        if (max < 1 || periodNanos < 1) {
            throw new IllegalArgumentException("max and period must be positive: " + max + ", " + periodNanos);
        }
        this.periodNanos = periodNanos;
        this.starts = new long[max];
        this.max = max;
    }

    /** From now on, at most this share (0 to 1) of the limit it was made with; at least one call per period. */
    public void share(double share) {
        max = (int) Math.max(1, Math.min(starts.length, Math.round(starts.length * share)));
    }

    public int max() {
        return max;
    }

    /** Reserves a start for a call arriving at {@code nowNanos} (System.nanoTime); returns the nanoseconds to wait. */
    public synchronized long reserve(long nowNanos) {
        int limit = max;
        long start = nowNanos;
        if (used >= limit) {
            // the start of the call `limit` places before this one: at most `limit` in any window of one period
            long due = starts[Math.floorMod(next - limit, starts.length)] + periodNanos;
            start = due - nowNanos > 0 ? due : nowNanos;
        }
        if (used > 0 && start - last < 0) {
            start = last;
        }
        used = Math.min(used + 1, starts.length);
        starts[next] = start;
        last = start;
        next = next + 1 == starts.length ? 0 : next + 1;
        return start - nowNanos;
    }
}
