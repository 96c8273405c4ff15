package org.sobridge.downstream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call per key (a OneSignal user) per interval: a call reserves the later of now and the key's next free moment,
 * and moves that moment one interval on; calls for one key start in arrival order. Keys whose next free moment has
 * passed hold no state worth keeping and are swept out at most once per {@code max(interval, 1 s)}.
 */
public final class PerKeyInterval {

    private static final long MIN_SWEEP_NANOS = 1_000_000_000L;

    private final long intervalNanos;
    private final long sweepEveryNanos;
    private final ConcurrentHashMap<String, Long> nextFree = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    public PerKeyInterval(long intervalNanos, long nowNanos) {
        if (intervalNanos < 1) {
            throw new IllegalArgumentException("interval must be positive: " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
        this.sweepEveryNanos = Math.max(intervalNanos, MIN_SWEEP_NANOS);
        this.lastSweep = new AtomicLong(nowNanos);
    }

    /** Reserves a start for a call of {@code key} arriving at {@code nowNanos}; returns the nanoseconds to wait. */
    public long reserve(String key, long nowNanos) {
        long next = nextFree.compute(key,
                (k, free) -> (free == null || free - nowNanos < 0 ? nowNanos : free) + intervalNanos);
        sweep(nowNanos);
        // the call starts one interval before the key's new next free moment
        return next - intervalNanos - nowNanos;
    }

    /** Keys with state (reserved within the last interval, or not yet swept). */
    public int size() {
        return nextFree.size();
    }

    private void sweep(long nowNanos) {
        long last = lastSweep.get();
        if (nowNanos - last >= sweepEveryNanos && lastSweep.compareAndSet(last, nowNanos)) {
            nextFree.values().removeIf(free -> free - nowNanos <= 0);
        }
    }
}
