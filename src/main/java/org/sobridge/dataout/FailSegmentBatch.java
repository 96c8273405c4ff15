package org.sobridge.dataout;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** After the last retry: the batch's events fail, so their webhook requests answer 503 and are sent again. */
public final class FailSegmentBatch implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FailSegmentBatch.class);

    @Override
    public void process(Exchange exchange) {
        SegmentBatch batch = exchange.getProperty(RecordSegmentAnswer.BATCH, SegmentBatch.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = Failures.describe(cause);
        LOG.warn("Batch of {} events not delivered to Segment after retries: {}",
                batch == null ? 0 : batch.size(), reason);
        if (batch != null) {
            batch.fail("Segment unavailable: " + reason, 0);
        }
    }
}
