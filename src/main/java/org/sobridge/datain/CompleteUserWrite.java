package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The end of a user write's route, whatever happened: a write whose outcome was not reported (an unexpected error)
 * is reported unavailable to every event that shares it, then the requests waiting for it are released.
 */
public final class CompleteUserWrite implements Processor {

    private final UserWrites writes;
    private final MarkOneSignalUnavailable unavailable;

    public CompleteUserWrite(UserWrites writes, MarkOneSignalUnavailable unavailable) {
        this.writes = writes;
        this.unavailable = unavailable;
    }

    @Override
    public void process(Exchange exchange) {
        UserWrite write = exchange.getProperty(SealUserWrite.WRITE, UserWrite.class);
        if (write == null) {
            write = exchange.getMessage().getBody(UserWrite.class);
        }
        if (write == null) {
            return;
        }
        if (!write.isOutcomeRecorded()) {
            unavailable.report(write, exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        }
        writes.done(write);
        write.complete();
    }
}
