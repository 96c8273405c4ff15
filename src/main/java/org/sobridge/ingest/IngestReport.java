package org.sobridge.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.json.Json;
import org.sobridge.ops.EventCounts;
import org.sobridge.ops.EventOutcome;
import org.sobridge.ops.EventOutcomes;
import org.sobridge.ops.LogContext;

/**
 * What happened to the events of one webhook request; becomes the JSON answer. Each event's outcome is also
 * recorded, as it is known, in {@link EventOutcomes} (GET /observe/events).
 * One instance per request, shared by the split sub-exchanges of that request, hence synchronized.
 */
public final class IngestReport implements EventCounts {

    private static final Logger LOG = LoggerFactory.getLogger(IngestReport.class);

    /** Exchange property under which the report travels with the request. */
    public static final String PROPERTY = "bridgeReport";
    /** The outcome of an event a dry run recorded instead of sending. */
    public static final String DRY_RUN = "dry run: recorded, not sent";

    /** The direction that writes tags (Segment → OneSignal): its answers always list {@code omittedTags}. */
    private static final String TAGS_DIRECTION = "segment-to-onesignal";

    public record Drop(int index, String messageId, String reason) {
    }

    public record Omitted(int index, String messageId, String key, String reason) {
    }

    public record DryRunRequest(String method, String path, Object body) {
    }

    /** Something to settle once the request's events are delivered (true) or not (false), e.g. a dedupe key. */
    @FunctionalInterface
    public interface Claim {
        void settle(boolean delivered);
    }

    private final String direction;
    private final String source;
    private final EventOutcomes outcomes;
    private final int received;
    private final boolean dryRun;
    private final long startNanos = System.nanoTime();
    private final Map<Integer, Drop> dropped = new LinkedHashMap<>();
    private final List<Omitted> omitted = new ArrayList<>();
    private final List<DryRunRequest> requests = new ArrayList<>();
    private final List<Object> awaited = new ArrayList<>();
    private final Map<String, List<ObjectNode>> notes = new LinkedHashMap<>();
    private final Map<String, Claim> claims = new LinkedHashMap<>();
    private boolean settled;
    private String unavailable;

    /**
     * @param source   where the request's events come from ({@link EventOutcome#source()})
     * @param outcomes where each event's outcome is recorded
     */
    public IngestReport(String direction, String source, int received, boolean dryRun, EventOutcomes outcomes) {
        this.direction = direction;
        this.source = source;
        this.received = received;
        this.dryRun = dryRun;
        this.outcomes = outcomes;
    }

    @Override
    public String direction() {
        return direction;
    }

    public String source() {
        return source;
    }

    /** Time since the request's events were read. */
    public java.time.Duration elapsed() {
        return java.time.Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public int received() {
        return received;
    }

    /** Drops an event; the first reason given for an event is kept. */
    public void drop(int index, String messageId, String reason) {
        if (putDrop(index, messageId, reason)) {
            outcomes.record(direction, messageId, source, EventOutcome.Kind.DROPPED, reason, 0, 0);
        }
    }

    /**
     * The downstream refused an event for good: the answer lists it as dropped; its outcome is recorded as a dead
     * letter by whoever writes the dead letter.
     */
    public void deadLettered(int index, String messageId, String reason) {
        putDrop(index, messageId, reason);
    }

    private synchronized boolean putDrop(int index, String messageId, String reason) {
        return dropped.putIfAbsent(index, new Drop(index, messageId, reason)) == null;
    }

    /** The downstream accepted an event (in dry-run: its call was recorded); {@code what} says what was sent. */
    public void delivered(String messageId, String what, int status, int attempts) {
        outcomes.record(direction, messageId, source, EventOutcome.Kind.DELIVERED, what, status, attempts);
    }

    /**
     * A downstream could not take an event now: the request is answered 503 and the sender sends it again. Logged
     * (one line per event) and recorded.
     */
    public void retryLater(String messageId, String reason) {
        try (LogContext ignored = LogContext.of(direction, messageId, source)) {
            LOG.warn("Not delivered now, answering 503 so that the sender retries: {}", reason);
        }
        outcomes.record(direction, messageId, source, EventOutcome.Kind.RETRY_LATER, reason, 0, 0);
        unavailable(reason);
    }

    public synchronized void omit(int index, String messageId, String key, String reason) {
        omitted.add(new Omitted(index, messageId, key, reason));
    }

    public synchronized void dryRunRequest(String method, String path, Object body) {
        requests.add(new DryRunRequest(method, path, body));
    }

    /** Adds a dry-run request unless this very request object is listed already (a batch shared by events). */
    public synchronized void dryRunRequestOnce(String method, String path, Object body) {
        if (requests.stream().noneMatch(r -> r.body() == body)) {
            requests.add(new DryRunRequest(method, path, body));
        }
    }

    /** Adds an entry to a named list of the answer (e.g. "droppedCustomEvents"), shown when not empty. */
    public synchronized void note(String section, ObjectNode entry) {
        notes.computeIfAbsent(section, k -> new ArrayList<>()).add(entry);
    }

    /** Adds an entry to a named list of the answer unless an equal entry is there already. */
    public synchronized void noteOnce(String section, ObjectNode entry) {
        List<ObjectNode> entries = notes.computeIfAbsent(section, k -> new ArrayList<>());
        if (!entries.contains(entry)) {
            entries.add(entry);
        }
    }

    /** Remembers something the answer has to wait for (e.g. an event waiting for its batch). */
    public synchronized void await(Object pending) {
        awaited.add(pending);
    }

    /** True when something of one of these types was remembered with {@link #await}. */
    public synchronized boolean isAwaiting(Class<?>... types) {
        for (Object pending : awaited) {
            for (Class<?> type : types) {
                if (type.isInstance(pending)) {
                    return true;
                }
            }
        }
        return false;
    }

    public synchronized <T> List<T> awaited(Class<T> type) {
        return awaited.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * Remembers a claim under a key until the request ends. Claims whose event failed are settled (false) by
     * whoever saw the failure; {@link #settle} settles the others.
     */
    public synchronized void claim(String key, Claim claim) {
        claims.put(key, claim);
    }

    public synchronized boolean hasClaim(String key) {
        return claims.containsKey(key);
    }

    /**
     * The request ends: every claim not settled yet is settled with {@code delivered} (true once each event that
     * failed was reported as such; false when the request failed as a whole). Only the first call counts.
     */
    public void settle(boolean delivered) {
        List<Claim> open;
        synchronized (this) {
            if (settled) {
                return;
            }
            settled = true;
            open = List.copyOf(claims.values());
        }
        open.forEach(claim -> claim.settle(delivered));
    }

    /** A downstream could not take an event of this request now: the request is answered 503. */
    public synchronized void unavailable(String reason) {
        if (unavailable == null) {
            unavailable = reason;
        }
    }

    public synchronized String unavailable() {
        return unavailable;
    }

    @Override
    public synchronized int accepted() {
        return received - dropped.size();
    }

    @Override
    public synchronized List<String> dropReasons() {
        return dropped.values().stream().map(Drop::reason).toList();
    }

    public synchronized List<Drop> dropped() {
        List<Drop> list = new ArrayList<>(dropped.values());
        list.sort(Comparator.comparingInt(Drop::index));
        return list;
    }

    public synchronized ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("accepted", accepted());
        ArrayNode drops = json.putArray("dropped");
        for (Drop drop : dropped()) {
            ObjectNode d = drops.addObject().put("index", drop.index());
            if (drop.messageId() != null) {
                d.put("messageId", drop.messageId());
            }
            d.put("reason", drop.reason());
        }
        if (direction.equals(TAGS_DIRECTION)) {
            // always there, empty too: clients read it without checking that it exists
            ArrayNode list = json.putArray("omittedTags");
            for (Omitted o : omitted) {
                ObjectNode n = list.addObject().put("index", o.index());
                if (o.messageId() != null) {
                    n.put("messageId", o.messageId());
                }
                n.put("key", o.key()).put("reason", o.reason());
            }
        }
        notes.forEach((section, entries) -> json.putArray(section).addAll(entries));
        if (dryRun) {
            json.put("dryRun", true);
            ArrayNode list = json.putArray("requests");
            for (DryRunRequest r : requests) {
                list.addObject().put("method", r.method()).put("path", r.path())
                        .set("body", Json.mapper().valueToTree(r.body()));
            }
        }
        return json;
    }
}
