package org.sobridge.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Settles a request's (or a Kafka poll's) claims when its exchange ends, if nothing settled them earlier: delivered
 * when it completed, not delivered when it failed. The answer-writing steps settle first, before the answer leaves;
 * this is the safety net for the paths that end otherwise.
 */
public final class SettleClaims extends SynchronizationAdapter {

    private final IngestReport report;

    private SettleClaims(IngestReport report) {
        this.report = report;
    }

    /** Starts the report of a request on its exchange. */
    public static void start(Exchange exchange, IngestReport report) {
        exchange.setProperty(IngestReport.PROPERTY, report);
        exchange.getExchangeExtension().addOnCompletion(new SettleClaims(report));
    }

    @Override
    public void onComplete(Exchange exchange) {
        report.settle(true);
    }

    @Override
    public void onFailure(Exchange exchange) {
        report.settle(false);
    }
}
