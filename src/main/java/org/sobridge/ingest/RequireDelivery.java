package org.sobridge.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.downstream.DownstreamUnavailableException;
import org.sobridge.ingest.IngestReport;

/** Answers 503 (via {@link DownstreamUnavailableException}) when any event of the request could not be delivered. */
public final class RequireDelivery implements Processor {

    @Override
    public void process(Exchange exchange) {
        String unavailable = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class).unavailable();
        if (unavailable != null) {
            throw new DownstreamUnavailableException(unavailable, 0);
        }
    }
}
