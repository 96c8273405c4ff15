package org.sobridge.dataout;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The aggregator's completion test: the batch in the body is full (bytes or age, {@link SegmentBatch#isFull()}).
 * A plain call: the simple-language form {@code ${body.full}} resolved the getter by reflection on every event
 * (about 8 % of Data Out's CPU per event).
 */
public final class SegmentBatchFull implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof SegmentBatch batch && batch.isFull();
    }
}
