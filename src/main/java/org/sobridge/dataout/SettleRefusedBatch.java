package org.sobridge.dataout;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The dead letters of a batch Segment refused for good were written: its events are dropped with Segment's reason
 * now, so the requests waiting for them are answered (2xx with the drops) or their Kafka offsets committed.
 */
public final class SettleRefusedBatch implements Processor {

    @Override
    public void process(Exchange exchange) {
        SegmentBatch batch = exchange.getProperty(RecordSegmentAnswer.BATCH, SegmentBatch.class);
        DeliveryOutcome refusal = exchange.getProperty(RecordSegmentAnswer.REFUSAL, DeliveryOutcome.class);
        batch.complete(refusal);
    }
}
