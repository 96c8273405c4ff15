package org.sobridge.dataout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.downstream.DownstreamUnavailableException;
import org.sobridge.downstream.HttpCall;
import org.sobridge.json.Json;

/** Track calls grouped into one {@code POST /v1/batch}. Built by one aggregation group, so not shared. */
public final class SegmentBatch implements HttpCall {

    /** Segment's HTTP Tracking API batch endpoint. */
    public static final String PATH = "/v1/batch";

    /** Segment's limit for one /v1/batch request body. */
    public static final int MAX_BATCH_BYTES = 500 * 1024;
    /** Room kept for {"batch":[...]} and commas. */
    private static final int ENVELOPE_BYTES = 64;

    private static final byte[] BATCH_START = "{\"batch\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BATCH_END = "]}".getBytes(StandardCharsets.UTF_8);

    private final List<PendingTrack> tracks = new ArrayList<>();
    private final LongAdder waiting;
    private final long sendByNanos;
    private int bytes = ENVELOPE_BYTES;

    /**
     * @param maxWaitMs the batch is closed at the first event that joins it this long after it was opened
     * @param waiting   counts the events of open batches: each added one, until the batch is completed or failed
     */
    public SegmentBatch(long maxWaitMs, LongAdder waiting) {
        this.sendByNanos = System.nanoTime() + maxWaitMs * 1_000_000L;
        this.waiting = waiting;
    }

    public void add(PendingTrack track) {
        tracks.add(track);
        waiting.increment();
        bytes += track.size() + 1;
    }

    /**
     * True when one more event of the largest size Segment allows might not fit (so a batch never goes over
     * Segment's 500 KB limit), or when the batch is older than SEGMENT_FLUSH_MS (events kept joining it, so the
     * idle gap of SEGMENT_LINGER_MS never came): the batch is closed now.
     */
    public boolean isFull() {
        return bytes + MapOneSignalEvent.MAX_EVENT_BYTES + 1 > MAX_BATCH_BYTES || System.nanoTime() - sendByNanos >= 0;
    }

    public List<PendingTrack> tracks() {
        return tracks;
    }

    public int size() {
        return tracks.size();
    }

    public ObjectNode body() {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode batch = body.putArray("batch");
        tracks.forEach(t -> batch.add(t.track()));
        return body;
    }

    @Override
    public String path() {
        return PATH;
    }

    /** {@code {"batch":[...]}} from the tracks serialized when they were mapped: each is serialized once. */
    @Override
    public byte[] jsonBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes);
        out.writeBytes(BATCH_START);
        for (int i = 0; i < tracks.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(tracks.get(i).json());
        }
        out.writeBytes(BATCH_END);
        return out.toByteArray();
    }

    public void complete(DeliveryOutcome outcome) {
        waiting.add(-tracks.size());
        tracks.forEach(t -> t.outcome().complete(outcome));
    }

    /** Every event of the batch as a dead letter with the same reason. */
    public List<DeadLetter> deadLetters(String reason, int status, int attempts) {
        Instant now = Instant.now();
        return tracks.stream()
                .map(t -> new DeadLetter(DeadLetter.DATA_OUT, reason, status, attempts, now, t.source(), null))
                .toList();
    }

    public void fail(String reason, int status) {
        waiting.add(-tracks.size());
        DownstreamUnavailableException failure = new DownstreamUnavailableException(reason, status);
        tracks.forEach(t -> t.outcome().completeExceptionally(failure));
    }
}
