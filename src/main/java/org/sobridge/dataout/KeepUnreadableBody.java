package org.sobridge.dataout;

import java.time.Instant;
import org.apache.camel.Exchange;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.ingest.RawBody;
import org.sobridge.ingest.UnreadableBody;
import org.sobridge.ops.BridgeMetrics;

/**
 * A Data Out webhook body that is not JSON is kept whole in the dead-letter file before it is answered 400: OneSignal
 * drops an event it cannot deliver, so the file is the only place left to find it (e.g. after a template change that
 * renders invalid JSON). The route calls {@link #keep} (body ← the dead letter), sends it to the dead-letter route,
 * then answers the caught problem (400) as every HTTP route answers a failure.
 */
public final class KeepUnreadableBody {

    private final BridgeMetrics metrics;

    public KeepUnreadableBody(BridgeMetrics metrics) {
        this.metrics = metrics;
    }

    /** Body (the request's bytes) ← its dead letter, with the reason it could not be read; counted. */
    public void keep(Exchange exchange) {
        UnreadableBody problem = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, UnreadableBody.class);
        byte[] body = RawBody.of(exchange);
        metrics.unreadableBody(DeadLetter.DATA_OUT);
        exchange.getMessage().setBody(DeadLetter.unreadable(DeadLetter.DATA_OUT, problem.getMessage(), Instant.now(), body));
    }
}
