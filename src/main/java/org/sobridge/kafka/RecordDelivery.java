package org.sobridge.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IngestReport;
import org.sobridge.ingest.WriteIngestResponse;
import org.sobridge.ops.BridgeMetrics;

/**
 * The end of a delivered Kafka poll: its drops are logged and its events counted as accepted or dropped. They were
 * counted as received by the webhook that queued them, and nobody waits for an answer.
 */
public final class RecordDelivery implements Processor {

    private final BridgeMetrics metrics;

    public RecordDelivery(BridgeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        report.settle(true);
        WriteIngestResponse.logDrops(report);
        metrics.delivered(report);
    }
}
