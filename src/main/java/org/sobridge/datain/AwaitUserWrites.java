package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IngestReport;

/**
 * After the request's own writes were sent: waits for the writes of other requests that its events joined (their
 * outcome is reported to this request by the request that sends them). One that takes longer than {@code waitMs}
 * makes the request "retry later".
 */
public final class AwaitUserWrites implements Processor {

    private final long waitMs;

    public AwaitUserWrites(long waitMs) {
        this.waitMs = waitMs;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        for (JoinUserWrites.Awaited awaited : report.awaited(JoinUserWrites.Awaited.class)) {
            if (!awaited.write().await(waitMs)) {
                for (UserWrite.Share share : awaited.write().shares()) {
                    if (share.report() == report) {
                        report.retryLater(share.messageId(), "OneSignal did not take the user's update in time");
                    }
                }
            }
        }
    }
}
