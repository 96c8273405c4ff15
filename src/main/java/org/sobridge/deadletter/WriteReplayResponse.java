package org.sobridge.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.json.Json;

/** The answer of POST /admin/replay. */
public final class WriteReplayResponse implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        ReplayReport report = exchange.getProperty(ReplayReport.PROPERTY, ReplayReport.class);
        exchange.getMessage().setBody(Json.mapper().writeValueAsString(report.toJson()));
    }
}
