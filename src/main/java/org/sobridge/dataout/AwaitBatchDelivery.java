package org.sobridge.dataout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.downstream.DownstreamUnavailableException;
import org.sobridge.ingest.IngestReport;

/**
 * Holds the webhook answer until every event of the request is in a batch that Segment accepted (or refused for
 * good). A batch that could not be delivered, or a wait longer than the deadline, answers 503 so that OneSignal
 * sends the events again; Segment de-duplicates them by messageId.
 */
public final class AwaitBatchDelivery implements Processor {

    /** What a delivered event's outcome says was done. */
    static final String DELIVERED = "in a batch Segment accepted";

    private final long timeoutMs;

    public AwaitBatchDelivery(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        List<PendingTrack> tracks = report.awaited(PendingTrack.class);
        for (PendingTrack track : tracks) {
            DeliveryOutcome outcome;
            try {
                outcome = await(track.outcome(), deadline);
            } catch (DownstreamUnavailableException unavailable) {
                // the request is answered 503: each event not delivered yet is sent again by OneSignal
                for (PendingTrack notDone : tracks) {
                    if (!notDone.outcome().isDone() || notDone.outcome().isCompletedExceptionally()) {
                        report.retryLater(notDone.messageId(), unavailable.getMessage());
                    }
                }
                throw unavailable;
            }
            if (outcome instanceof DeliveryOutcome.Delivered delivered) {
                report.delivered(track.messageId(), DELIVERED, delivered.status(), delivered.attempts());
            } else if (outcome instanceof DeliveryOutcome.Dropped dropped) {
                report.drop(track.index(), track.messageId(), dropped.reason());
            } else if (outcome instanceof DeliveryOutcome.DeadLettered refused) {
                report.deadLettered(track.index(), track.messageId(), refused.reason());
            } else if (outcome instanceof DeliveryOutcome.DryRun dryRun) {
                report.dryRunRequestOnce(dryRun.method(), dryRun.path(), dryRun.body());
                report.delivered(track.messageId(), IngestReport.DRY_RUN, 0, 0);
            }
        }
    }

    private static DeliveryOutcome await(CompletableFuture<DeliveryOutcome> outcome, long deadline)
            throws InterruptedException {
        try {
            return outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DownstreamUnavailableException unavailable) {
                throw unavailable;
            }
            throw new DownstreamUnavailableException("Segment delivery failed: " + e.getCause(), 0);
        } catch (TimeoutException e) {
            throw new DownstreamUnavailableException("Segment delivery did not finish in time", 0);
        }
    }
}
