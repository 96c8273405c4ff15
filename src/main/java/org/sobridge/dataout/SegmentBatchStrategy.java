package org.sobridge.dataout;

import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/** Groups {@link PendingTrack}s from any number of webhook requests into one {@link SegmentBatch}. */
public final class SegmentBatchStrategy implements AggregationStrategy {

    private final long maxWaitMs;
    private final LongAdder waiting;

    /**
     * @param maxWaitMs SEGMENT_FLUSH_MS: a batch is closed at the first event joining it after this long
     * @param waiting   events in open batches (bridge_segment_events_waiting)
     */
    public SegmentBatchStrategy(long maxWaitMs, LongAdder waiting) {
        this.maxWaitMs = maxWaitMs;
        this.waiting = waiting;
    }

    @Override
    public Exchange aggregate(Exchange batchExchange, Exchange trackExchange) {
        PendingTrack track = trackExchange.getMessage().getBody(PendingTrack.class);
        if (batchExchange == null) {
            SegmentBatch batch = new SegmentBatch(maxWaitMs, waiting);
            batch.add(track);
            trackExchange.getMessage().setBody(batch);
            return trackExchange;
        }
        batchExchange.getMessage().getBody(SegmentBatch.class).add(track);
        return batchExchange;
    }
}
