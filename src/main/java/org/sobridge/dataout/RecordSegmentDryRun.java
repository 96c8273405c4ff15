package org.sobridge.dataout;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.ops.LogContext;

/** Dry-run: the /v1/batch call that would have been made is logged and shown in each waiting answer. */
public final class RecordSegmentDryRun implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSegmentDryRun.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        SegmentBatch batch = exchange.getMessage().getBody(SegmentBatch.class);
        for (PendingTrack track : batch.tracks()) {
            try (LogContext ignored =
                         LogContext.of(DeadLetter.DATA_OUT, track.messageId(), DeadLetter.DATA_OUT_SOURCE)) {
                // its name only: the track's properties are the user's data, which stay out of the log
                LOG.info("DRY RUN, not sent: track '{}' in POST {} of {} events", track.eventName(), batch.path(),
                        batch.size());
            }
        }
        batch.complete(new DeliveryOutcome.DryRun("POST", batch.path(), batch.body()));
    }
}
