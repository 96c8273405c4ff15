package org.sobridge.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.downstream.DownstreamUnavailableException;

/** Answers 503 (via {@link DownstreamUnavailableException}) when any event of the request could not be delivered. */
public final class RequireDelivery implements Processor {

    @Override
    public void process(Exchange exchange) {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        String unavailable = report.unavailable();
        if (unavailable != null) {
            // the events that failed were forgotten one by one; the others of the request were delivered
            report.settle(true);
            throw new DownstreamUnavailableException(unavailable, 0);
        }
    }
}
