package org.sobridge.dataout;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch's events fail, so their webhook requests answer 503 (with Kafka: the poll is retried) and the events
 * are sent again: after the last retry of the Segment call, when the breaker is open, or when Segment refused the
 * batch and its dead letters could not be written (an event must be in Segment or in a dead letter before its
 * request is answered 2xx).
 */
public final class FailSegmentBatch implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FailSegmentBatch.class);

    @Override
    public void process(Exchange exchange) {
        SegmentBatch batch = exchange.getProperty(RecordSegmentAnswer.BATCH, SegmentBatch.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = Failures.describe(cause);
        int events = batch == null ? 0 : batch.size();
        String failure;
        if (exchange.getProperty(RecordSegmentAnswer.REFUSAL) != null) {
            LOG.error("Segment refused a batch of {} events and its dead letters could not be written: {}; "
                    + "answering 503 so that the sender keeps the events", events, reason);
            failure = "dead letter not written: " + reason;
        } else {
            LOG.warn("Batch of {} events not delivered to Segment after retries: {}", events, reason);
            failure = "Segment unavailable: " + reason;
        }
        if (batch != null) {
            batch.fail(failure, 0);
        }
    }
}
