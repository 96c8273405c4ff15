package org.sobridge.datain;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.sobridge.ingest.IngestReport;

/**
 * The Segment events seen within a time window, by destination app and messageId, bounded in size, so that a
 * sender's retry of an event is not delivered twice. An event counts as delivered only once it was: while its
 * first copy is in flight, a copy that arrives waits for the first one's outcome ({@link Seen#inFlight}); a copy
 * of an event that failed is delivered again. Camel's MemoryIdempotentRepository bounds by count only and knows no
 * in-flight state; the window and the outcome are what this adds.
 */
public final class RecentMessageIds {

    /** What {@link #claim} found. */
    public sealed interface Seen permits First, Delivered, InFlight {
    }

    /** Nobody had the key: the caller delivers the event and settles the claim. */
    public record First(IngestReport.Claim claim) implements Seen {
    }

    /** The event was delivered within the window. */
    public record Delivered() implements Seen {
    }

    /** A copy is being delivered now: {@code outcome} completes with true once delivered, false if it failed. */
    public record InFlight(CompletableFuture<Boolean> outcome) implements Seen {
    }

    private static final class Entry {
        final long since;
        CompletableFuture<Boolean> inFlight = new CompletableFuture<>();

        Entry(long since) {
            this.since = since;
        }
    }

    private final long windowMs;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> seen = new LinkedHashMap<>();

    public RecentMessageIds(long windowMs, int maxEntries, Clock clock) {
        this.windowMs = windowMs;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The de-duplication key of an event: its messageId in the app it is written to. */
    public static String key(String appId, String messageId) {
        return appId + '\u0000' + messageId;
    }

    public synchronized Seen claim(String key) {
        long now = clock.millis();
        expire(now);
        Entry entry = seen.get(key);
        if (entry != null) {
            return entry.inFlight == null ? new Delivered() : new InFlight(entry.inFlight);
        }
        Entry created = new Entry(now);
        seen.put(key, created);
        if (seen.size() > maxEntries) {
            Map.Entry<String, Entry> oldest = seen.entrySet().iterator().next();
            seen.remove(oldest.getKey());
            settle(oldest.getValue(), false);
        }
        return new First(delivered -> settle(key, created, delivered));
    }

    /** The event of this key failed: it is forgotten (its next copy is delivered) and its waiting copies fail too. */
    public void fail(String key) {
        remove(key, false);
    }

    /**
     * The event of this key was handled for good (refused and dead-lettered): its waiting copies are done too, but it
     * is forgotten, so that a replay of its dead letter is delivered.
     */
    public void forget(String key) {
        remove(key, true);
    }

    private void remove(String key, boolean handled) {
        Entry entry;
        synchronized (this) {
            entry = seen.get(key);
            if (entry == null || entry.inFlight == null) {
                return;
            }
            seen.remove(key);
        }
        CompletableFuture<Boolean> outcome = entry.inFlight;
        outcome.complete(handled);
    }

    private void settle(String key, Entry entry, boolean delivered) {
        synchronized (this) {
            if (seen.get(key) != entry || entry.inFlight == null) {
                return; // failed, expired or evicted meanwhile
            }
            if (!delivered) {
                seen.remove(key);
            }
        }
        settle(entry, delivered);
    }

    private void settle(Entry entry, boolean delivered) {
        CompletableFuture<Boolean> outcome;
        synchronized (this) {
            outcome = entry.inFlight;
            if (delivered) {
                entry.inFlight = null;
            }
        }
        if (outcome != null) {
            outcome.complete(delivered);
        }
    }

    private void expire(long now) {
        for (var it = seen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> oldest = it.next();
            if (now - oldest.getValue().since < windowMs) {
                return;
            }
            if (oldest.getValue().inFlight != null) {
                return; // still being delivered: kept until settled
            }
            it.remove();
        }
    }
}
