package org.sobridge.datain;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.IngestReport;

/**
 * De-duplication of one Segment event by messageId in its destination app ({@link RecentMessageIds}). Sets the
 * exchange property {@link #DUPLICATE} to true when the event must not be delivered now:
 * <ul>
 *   <li>a copy was delivered within the dedupe window (or comes earlier in the same request): dropped as a
 *   duplicate, the answer says so;</li>
 *   <li>a copy is being delivered by another request: this one waits for its outcome and answers the same: dropped
 *   as a duplicate once the copy was delivered, "retry later" (503) if it failed or took longer than
 *   {@code waitMs}.</li>
 * </ul>
 * An event without a messageId is never a duplicate.
 */
public final class ClaimMessageId implements Processor {

    public static final String DUPLICATE = "duplicateEvent";
    public static final String REASON = "duplicate messageId, already handled within the dedupe window";
    static final String ORIGINAL_FAILED = "a copy of this event (same messageId) was not delivered, retry later";

    private final RecentMessageIds recent;
    private final SegmentSources sources;
    private final long waitMs;

    public ClaimMessageId(RecentMessageIds recent, SegmentSources sources, long waitMs) {
        this.recent = recent;
        this.sources = sources;
        this.waitMs = waitMs;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        IndexedEvent event = exchange.getMessage().getBody(IndexedEvent.class);
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        String messageId = event.messageId("messageId");
        exchange.setProperty(DUPLICATE, false);
        if (messageId == null) {
            return;
        }
        String key = RecentMessageIds.key(sources.of(exchange).appId(), messageId);
        if (report.hasClaim(key)) {
            duplicate(exchange, report, event, messageId);
            return;
        }
        RecentMessageIds.Seen seen = recent.claim(key);
        if (seen instanceof RecentMessageIds.First first) {
            report.claim(key, first.claim());
        } else if (seen instanceof RecentMessageIds.InFlight inFlight && !deliveredInTime(inFlight)) {
            exchange.setProperty(DUPLICATE, true);
            report.retryLater(messageId, ORIGINAL_FAILED);
        } else {
            duplicate(exchange, report, event, messageId);
        }
    }

    private boolean deliveredInTime(RecentMessageIds.InFlight inFlight) throws InterruptedException {
        try {
            return inFlight.outcome().get(waitMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static void duplicate(Exchange exchange, IngestReport report, IndexedEvent event, String messageId) {
        exchange.setProperty(DUPLICATE, true);
        report.drop(event.index(), messageId, REASON);
    }
}
