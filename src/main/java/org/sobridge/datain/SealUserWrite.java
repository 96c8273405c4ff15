package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Body: a {@link UserWrite} whose turn came (its user's rate-limit slot). It takes no more updates, waits for the
 * user's previous write to be done (writes of one user reach OneSignal in order), and the body becomes its call.
 */
public final class SealUserWrite implements Processor {

    /** Exchange property holding the {@link UserWrite} being sent. */
    public static final String WRITE = "userWrite";

    private final UserWrites writes;
    private final long waitMs;

    public SealUserWrite(UserWrites writes, long waitMs) {
        this.writes = writes;
        this.waitMs = waitMs;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        UserWrite write = exchange.getMessage().getBody(UserWrite.class);
        exchange.setProperty(WRITE, write);
        OneSignalRequest call = writes.seal(write);
        write.awaitPrevious(waitMs);
        exchange.getMessage().setBody(call);
    }
}
