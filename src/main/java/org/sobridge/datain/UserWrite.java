package org.sobridge.datain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sobridge.ingest.IngestReport;
import org.sobridge.json.Json;
import org.sobridge.mapping.TagPolicy;

/**
 * One PATCH of one user's tags on behalf of one or more events, maybe of several requests: while it waits for its
 * turn (OneSignal takes one write per user per interval), later tag updates of the same user are merged into it, in
 * event order (a later value wins, a later "" deletes, a later value restores), so that one call leaves the user
 * in the state the last event asks for. The request that opened it carries it (makes the call); the others
 * {@link #await} it. Once {@link #seal sealed} it takes no more updates.
 * <p>
 * OneSignal refuses as a whole a write that would take the user past the plan's tag limit, while it takes updates
 * of existing tags and deletions. On such a refusal the write goes on in steps ({@link #afterTagLimit}): its
 * deletions alone first (they may make room), then its other tags again, and if those are still refused,
 * first_name/last_name alone (they are always written); the tags left out are reported as omitted.
 */
public final class UserWrite implements UserKeyed {

    /** An event's part in the write: where its outcome is reported, and the tags it asked for. */
    public record Share(IngestReport report, int index, String messageId, String dedupeKey, JsonNode event,
                        String source, Set<String> tags) {
    }

    /** Reason given for the tags left out after OneSignal's plan tag limit refused them. */
    public static final String TAG_LIMIT = "OneSignal plan tag limit";

    private static final Set<String> NAMES = Set.of("first_name", "last_name");

    private enum Step { ALL, DELETIONS, VALUES, NAMES }

    private final long id;
    private final String userKey;
    private final String path;
    private UserWrite previous;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final List<Share> shares = new ArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private boolean sealed;
    private boolean outcomeRecorded;
    private boolean failed;
    private OneSignalRequest call;
    private Step step = Step.ALL;
    private boolean namesRefused;

    /**
     * @param id       unique in this process
     * @param previous the user's write opened before this one (it is sent first), or null
     */
    UserWrite(long id, OneSignalRequest first, Share share, UserWrite previous) {
        this.id = id;
        this.userKey = first.getUserKey();
        this.path = first.path();
        this.previous = previous;
        absorb(first, share);
    }

    @Override
    public String getUserKey() {
        return userKey;
    }

    /** A name unique in this process (the key of its carrier request's claim on it). */
    String name() {
        return "user-write-" + id;
    }

    /** Merges an update of this user into the write; false when it is sealed or the merge would not fit one call. */
    synchronized boolean absorb(OneSignalRequest update, Share share) {
        if (sealed) {
            return false;
        }
        Map<String, String> merged = new LinkedHashMap<>(tags);
        update.body().path("properties").path("tags").fields()
                .forEachRemaining(tag -> merged.put(tag.getKey(), tag.getValue().asText()));
        if (merged.size() > TagPolicy.MAX_TAGS_PER_REQUEST && !tags.isEmpty()) {
            return false;
        }
        tags.clear();
        tags.putAll(merged);
        shares.add(share);
        return true;
    }

    /** Seals a write that was never sent (its carrier request ended first); false when it was sent or is being sent. */
    synchronized boolean abandon() {
        if (sealed) {
            return false;
        }
        sealed = true;
        return true;
    }

    /** Takes no more updates; the call to make, with the merged tags. */
    synchronized OneSignalRequest seal() {
        sealed = true;
        Share first = shares.get(0);
        call = new OneSignalRequest(first.index(), first.messageId(), "PATCH", path, Json.mapper().createObjectNode(),
                first.event()).withTags(tags);
        return call;
    }

    /**
     * After OneSignal refused the last call for the user's tag limit: the next step's call, or null when there is
     * none ({@link #fellBackToNames()} then tells whether the write is done or refused for good).
     */
    public synchronized OneSignalRequest afterTagLimit() {
        Map<String, String> deletions = select(true);
        if (step == Step.ALL && !deletions.isEmpty() && !select(false).isEmpty()) {
            step = Step.DELETIONS;
            return call.withTags(deletions);
        }
        if (step == Step.ALL || step == Step.VALUES) {
            step = Step.NAMES;
            Map<String, String> names = select(false);
            names.keySet().retainAll(NAMES);
            return names.isEmpty() ? null : call.withTags(names);
        }
        // the names alone were refused too: the write failed
        namesRefused = step == Step.NAMES;
        return null;
    }

    /** After OneSignal took the last call: the next step's call (the other tags after the deletions), or null. */
    public synchronized OneSignalRequest afterSuccess() {
        if (step == Step.DELETIONS) {
            step = Step.VALUES;
            return call.withTags(select(false));
        }
        return null;
    }

    /**
     * True once the write fell back to first_name/last_name alone because of the plan's tag limit (and OneSignal did
     * not refuse those too).
     */
    public synchronized boolean fellBackToNames() {
        return step == Step.NAMES && !namesRefused;
    }

    /** The tags a share asked for that the plan's tag limit left out (none unless the write fell back to names). */
    public synchronized Set<String> leftOutByTagLimit(Share share) {
        if (step != Step.NAMES) {
            return Set.of();
        }
        Set<String> left = new LinkedHashSet<>(share.tags());
        left.removeIf(tag -> NAMES.contains(tag) || tags.getOrDefault(tag, "").isEmpty());
        return left;
    }

    /** The merged tags that delete (true) or set a value (false), in order. */
    private Map<String, String> select(boolean deletions) {
        Map<String, String> selected = new LinkedHashMap<>();
        tags.forEach((tag, value) -> {
            if (value.isEmpty() == deletions) {
                selected.put(tag, value);
            }
        });
        return selected;
    }

    /** Every event that shares the write, in the order they joined. */
    public synchronized List<Share> shares() {
        return List.copyOf(shares);
    }

    /**
     * Waits until the user's write before this one is done (so that they reach OneSignal in order), at most waitMs.
     * False when that write failed or is still not done: this one must not overtake it (the events of both are sent
     * again, in order).
     */
    boolean awaitPrevious(long waitMs) throws InterruptedException {
        UserWrite before;
        synchronized (this) {
            before = previous;
            previous = null; // no chain of finished writes is kept alive
        }
        return before == null || (before.await(waitMs) && !before.hasFailed());
    }

    /** The outcome was reported to every share (delivered, dropped or unavailable). */
    public synchronized void outcomeRecorded() {
        outcomeRecorded = true;
    }

    /** The write was not delivered (its requests answer 503): the user's later writes must not overtake it. */
    synchronized void failed() {
        failed = true;
        outcomeRecorded = true;
    }

    synchronized boolean hasFailed() {
        return failed;
    }

    synchronized boolean isOutcomeRecorded() {
        return outcomeRecorded;
    }

    void complete() {
        done.complete(null);
    }

    /** Waits until the write is done; false when it took longer than {@code waitMs}. */
    boolean await(long waitMs) throws InterruptedException {
        try {
            done.get(waitMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
