package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IngestReport;

/** Body ← the distinct OneSignal segments ({@link PendingSegment}) the request's Engage audiences need. */
public final class CollectPendingSegments implements Processor {

    @Override
    public void process(Exchange exchange) {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        exchange.getMessage().setBody(OneSignalSegmentCatalog.pending(report));
    }
}
