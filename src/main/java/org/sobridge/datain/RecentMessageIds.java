package org.sobridge.datain;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The messageIds delivered within a time window, bounded in size: Segment retries of an event already delivered
 * are recognised and not sent twice. Camel's MemoryIdempotentRepository bounds by count only; the window is what
 * this adds.
 */
public final class RecentMessageIds extends ServiceSupport implements IdempotentRepository {

    private final long windowMs;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public RecentMessageIds(long windowMs, int maxEntries, Clock clock) {
        this.windowMs = windowMs;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public synchronized boolean add(String key) {
        long now = clock.millis();
        expire(now);
        if (seen.containsKey(key)) {
            return false;
        }
        seen.put(key, now);
        if (seen.size() > maxEntries) {
            seen.remove(seen.keySet().iterator().next());
        }
        return true;
    }

    @Override
    public synchronized boolean contains(String key) {
        expire(clock.millis());
        return seen.containsKey(key);
    }

    @Override
    public synchronized boolean remove(String key) {
        return seen.remove(key) != null;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        seen.clear();
    }

    public synchronized int size() {
        return seen.size();
    }

    private void expire(long now) {
        for (var it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> oldest = it.next();
            if (now - oldest.getValue() < windowMs) {
                return;
            }
            it.remove();
        }
    }
}
