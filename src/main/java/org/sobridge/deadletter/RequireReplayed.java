package org.sobridge.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.downstream.DownstreamUnavailableException;

/** Fails a replay poll in which a dead letter could not be sent now, so its offset is not committed. */
public final class RequireReplayed implements Processor {

    @Override
    public void process(Exchange exchange) {
        ReplayReport report = exchange.getProperty(ReplayReport.PROPERTY, ReplayReport.class);
        if (report != null && report.failedCount() > 0) {
            throw new DownstreamUnavailableException(report.failedCount() + " dead letter(s) not replayed now", 0);
        }
    }
}
