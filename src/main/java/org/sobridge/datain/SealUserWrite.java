package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Body: a {@link UserWrite} whose turn came (its user's rate-limit slot). It takes no more updates, waits for the
 * user's previous write to be done (writes of one user reach OneSignal in order); its call is the first
 * {@link #NEXT_CALL}. When the previous write failed, this one is not sent either (unavailable, its requests answer
 * 503): a user's later update never reaches OneSignal before an earlier one that is still to be sent again.
 */
public final class SealUserWrite implements Processor {

    /** Exchange property holding the {@link UserWrite} being sent. */
    public static final String WRITE = "userWrite";
    /** Exchange property holding the write's next call, while there is one. */
    public static final String NEXT_CALL = "nextCall";

    private final long waitMs;
    private final MarkOneSignalUnavailable unavailable;

    public SealUserWrite(long waitMs, MarkOneSignalUnavailable unavailable) {
        this.waitMs = waitMs;
        this.unavailable = unavailable;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        UserWrite write = exchange.getMessage().getBody(UserWrite.class);
        exchange.setProperty(WRITE, write);
        // the write takes no more updates: the next update of the user opens a new write
        OneSignalRequest call = write.seal();
        if (write.awaitPrevious(waitMs)) {
            exchange.setProperty(NEXT_CALL, call);
        } else {
            // sent now, it would overtake the user's earlier update, which is sent again later: older after newer
            unavailable.report(write, "an earlier update of this user was not delivered");
        }
    }
}
