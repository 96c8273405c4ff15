package org.sobridge.datain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class UserWrite {

    /** An event's part in the write: where its outcome is reported. */
    public record Share(IngestReport report, int index, String messageId, String dedupeKey, JsonNode event,
                        String source) {
    }

    private final String userKey;
    private final String path;
    private UserWrite previous;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final List<Share> shares = new ArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private boolean sealed;
    private boolean outcomeRecorded;

    /** @param previous the user's write opened before this one (it is sent first), or null */
    UserWrite(OneSignalRequest first, Share share, UserWrite previous) {
        this.userKey = first.getUserKey();
        this.path = first.path();
        this.previous = previous;
        absorb(first, share);
    }

    public String getUserKey() {
        return userKey;
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

    /** Takes no more updates; the call to make, with the merged tags. */
    synchronized OneSignalRequest seal() {
        sealed = true;
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode properties = body.putObject("properties").putObject("tags");
        tags.forEach(properties::put);
        Share first = shares.get(0);
        return new OneSignalRequest(first.index(), first.messageId(), "PATCH", path, body, first.event());
    }

    /** Every event that shares the write, in the order they joined. */
    public synchronized List<Share> shares() {
        return List.copyOf(shares);
    }

    /** Waits until the user's write before this one is done (so that they reach OneSignal in order), at most waitMs. */
    void awaitPrevious(long waitMs) throws InterruptedException {
        UserWrite before;
        synchronized (this) {
            before = previous;
            previous = null; // no chain of finished writes is kept alive
        }
        if (before != null) {
            before.await(waitMs);
        }
    }

    /** The outcome was reported to every share (delivered, dropped or unavailable). */
    public synchronized void outcomeRecorded() {
        outcomeRecorded = true;
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
