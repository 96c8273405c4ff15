package org.sobridge.dataout;

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

    private final long timeoutMs;

    public AwaitBatchDelivery(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (PendingTrack track : report.awaited(PendingTrack.class)) {
            DeliveryOutcome outcome = await(track.outcome(), deadline);
            if (outcome instanceof DeliveryOutcome.Dropped dropped) {
                report.drop(track.index(), track.messageId(), dropped.reason());
            } else if (outcome instanceof DeliveryOutcome.DryRun dryRun) {
                report.dryRunRequestOnce(dryRun.method(), dryRun.path(), dryRun.body());
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
