package org.sobridge.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.downstream.DownstreamUnavailableException;

/**
 * Fails a replay poll in which a dead letter could not be sent now, so its offset is not committed. A letter its ingest
 * refused for good (a 4xx, e.g. a kept body that is still not JSON) does not hold the poll back: it is logged and
 * listed in the replay's answer, and replaying it again could never deliver it.
 */
public final class RequireReplayed implements Processor {

    @Override
    public void process(Exchange exchange) {
        ReplayReport report = exchange.getProperty(ReplayReport.PROPERTY, ReplayReport.class);
        if (report != null && report.retryableCount() > 0) {
            throw new DownstreamUnavailableException(report.retryableCount() + " dead letter(s) not replayed now", 0);
        }
    }
}
