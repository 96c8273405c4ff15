package org.sobridge.datain;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * True when the body ({@link CollectUserWrites}) holds more than one user write: only then are they handed to the
 * write threads to be sent in parallel. A single write is sent on the request's own thread, which saves a thread
 * hand-off (and the parallel split's bookkeeping) on most requests, those of one event.
 */
public final class SeveralUserWrites implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof List<?> writes && writes.size() > 1;
    }
}
