package org.sobridge.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.json.Json;

/** The 200 answer of a readable webhook request: accepted count, dropped events and why. */
public final class WriteIngestResponse implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        exchange.getMessage().setBody(Json.mapper().writeValueAsBytes(report.toJson()));
    }
}
