package org.sobridge.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The last outcomes of events, in memory and bounded (BRIDGE_EVENT_OUTCOMES): a ring of small immutable records
 * that the newest overwrite. Recording is an atomic increment and one array write, nothing is searched or built
 * per event; a look-up scans the ring (it serves an operator's question, not traffic).
 */
public final class EventOutcomes {

    private final AtomicReferenceArray<EventOutcome> ring;
    private final AtomicLong next = new AtomicLong();

    /** @param capacity outcomes kept (the oldest go first) */
    public EventOutcomes(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    public int capacity() {
        return ring.length();
    }

    public void record(EventOutcome outcome) {
        long slot = next.getAndIncrement();
        ring.lazySet((int) (slot % ring.length()), outcome);
    }

    public void record(String direction, String messageId, String source, EventOutcome.Kind kind, String reason,
                       int status, int attempts) {
        record(new EventOutcome(System.currentTimeMillis(), direction, messageId, source, kind, reason, status,
                attempts));
    }

    /** The outcomes remembered for this messageId, newest first. */
    public List<EventOutcome> of(String messageId) {
        return latest(o -> messageId.equals(o.messageId()), ring.length());
    }

    /** The newest outcomes of this kind (every kind when null), newest first, at most {@code limit}. */
    public List<EventOutcome> latest(EventOutcome.Kind kind, int limit) {
        return latest(o -> kind == null || o.outcome() == kind, limit);
    }

    private List<EventOutcome> latest(Predicate<EventOutcome> matches, int limit) {
        List<EventOutcome> found = new ArrayList<>();
        long newest = next.get() - 1;
        for (long slot = newest; slot >= 0 && slot > newest - ring.length() && found.size() < limit; slot--) {
            EventOutcome outcome = ring.get((int) (slot % ring.length()));
            if (outcome != null && matches.test(outcome)) {
                found.add(outcome);
            }
        }
        return found;
    }
}
