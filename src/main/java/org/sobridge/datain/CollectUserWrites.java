package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IngestReport;

/** Body: the user writes the request carries ({@code List<UserWrite>}), for the routes to send in parallel. */
public final class CollectUserWrites implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(exchange.getProperty(IngestReport.PROPERTY, IngestReport.class)
                .awaited(JoinUserWrites.Carried.class).stream().map(JoinUserWrites.Carried::write).toList());
    }
}
