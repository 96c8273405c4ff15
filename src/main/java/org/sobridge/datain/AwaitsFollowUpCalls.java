package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.sobridge.ingest.IngestReport;

/**
 * True when the request's tags are followed by more calls: a segment an Engage audience needs, or custom events.
 * Most requests need neither, and then skip those steps.
 */
public final class AwaitsFollowUpCalls implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        return report != null && report.isAwaiting(PendingSegment.class, PendingCustomEvent.class);
    }
}
