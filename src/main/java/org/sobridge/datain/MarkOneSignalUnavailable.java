package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.Failures;

/**
 * After the last attempt (or with the circuit breaker open): the user write was not delivered. Every request that
 * shares it will be answered 503 so that Segment sends its events again, and their messageIds are forgotten so that
 * the retries are not taken for duplicates.
 */
public final class MarkOneSignalUnavailable implements Processor {

    private final RecentMessageIds seen;

    public MarkOneSignalUnavailable(RecentMessageIds seen) {
        this.seen = seen;
    }

    @Override
    public void process(Exchange exchange) {
        report(exchange.getProperty(SealUserWrite.WRITE, UserWrite.class),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        exchange.removeProperty(SealUserWrite.NEXT_CALL);
    }

    void report(UserWrite write, Throwable cause) {
        report(write, Failures.describe(cause));
    }

    void report(UserWrite write, String why) {
        String reason = "OneSignal did not take the user's update: " + why;
        for (UserWrite.Share share : write.shares()) {
            if (share.dedupeKey() != null) {
                seen.fail(share.dedupeKey());
            }
            share.report().retryLater(share.messageId(), reason);
        }
        write.failed();
    }
}
