package org.sobridge.ops;

import java.util.concurrent.atomic.LongAdder;

/**
 * Time calls spent waiting for a rate limit's slot, exported as {@code bridge_rate_limit_wait_seconds_total} and
 * {@code bridge_rate_limit_waits_total} (read when scraped). A call that did not wait costs nothing.
 */
public final class WaitTime {

    private final LongAdder nanos = new LongAdder();
    private final LongAdder waits = new LongAdder();

    public void waited(long waitNanos) {
        nanos.add(waitNanos);
        waits.increment();
    }

    public double seconds() {
        return nanos.sum() / 1e9;
    }

    public double waits() {
        return waits.sum();
    }
}
