package org.sobridge.dataout;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.downstream.DownstreamAnswers;
import org.sobridge.downstream.DownstreamUnavailableException;
import org.sobridge.downstream.PrepareCall;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.KeyRefusals;

/**
 * Reads Segment's answer to one /v1/batch call. 2xx → every event delivered. 401/403 → the write key is wrong:
 * loud log, and the events fail (the webhook answers 503, OneSignal retries). Other 4xx → Segment refuses the
 * batch for good (oversize, invalid): its events are to be dropped with Segment's reason and dead-lettered; they
 * stay pending here, and the route completes them ({@link SettleRefusedBatch}) only once their dead letters were
 * written, so that no request is answered 2xx for an event that is neither in Segment nor in a dead letter. 408,
 * 429 and 5xx never get here: camel-http raises them and the route retries.
 */
public final class RecordSegmentAnswer implements Processor {

    /** Exchange property holding the {@link SegmentBatch} being sent. */
    public static final String BATCH = "segmentBatch";
    /** Exchange property set to the batch's dead letters when Segment refused it for good. */
    public static final String DEAD_LETTERS = "deadLetters";
    /** Exchange property set to the outcome of a refused batch, given to its events once they are dead-lettered. */
    public static final String REFUSAL = "segmentRefusal";

    private static final Logger LOG = LoggerFactory.getLogger(RecordSegmentAnswer.class);

    private final BridgeMetrics metrics;

    private final KeyRefusals keyRefusals;

    public RecordSegmentAnswer(BridgeMetrics metrics, KeyRefusals keyRefusals) {
        this.metrics = metrics;
        this.keyRefusals = keyRefusals;
    }

    @Override
    public void process(Exchange exchange) {
        SegmentBatch batch = exchange.getProperty(BATCH, SegmentBatch.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        metrics.downstreamAnswer("segment", String.valueOf(status),
                PrepareCall.startedNanos(exchange));
        int attempts = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (status >= 200 && status < 300) {
            metrics.segmentBatch(batch.size());
            keyRefusals.accepted("segment");
            batch.complete(new DeliveryOutcome.Delivered(status, attempts));
            return;
        }
        String reason = DownstreamAnswers.reason(exchange.getMessage().getBody(String.class));
        if (status == 401 || status == 403) {
            LOG.error("Segment refused the write key (HTTP {}): check SEGMENT_WRITE_KEY and SEGMENT_REGION. {}",
                    status, reason);
            keyRefusals.refused("segment", status, "SEGMENT_WRITE_KEY and SEGMENT_REGION");
            throw new DownstreamUnavailableException("Segment refused the write key", status);
        }
        String why = "Segment answered " + status + (reason.isEmpty() ? "" : ": " + reason);
        exchange.setProperty(DEAD_LETTERS, batch.deadLetters(why, status, attempts));
        exchange.setProperty(REFUSAL, new DeliveryOutcome.DeadLettered(why));
    }
}
