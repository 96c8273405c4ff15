package org.sobridge.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ops.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one line per dead-lettered event and counts it; the body becomes the NDJSON line to append. */
public final class RecordDeadLetter implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDeadLetter.class);

    /** Exchange properties for the dead-letter topic (Kafka transport). */
    public static final String TOPIC = "deadLetterTopic";
    public static final String REASON = "deadLetterReason";

    private final BridgeMetrics metrics;
    private final String segmentInTopic;
    private final String oneSignalOutTopic;

    public RecordDeadLetter(BridgeMetrics metrics, String segmentInTopic, String oneSignalOutTopic) {
        this.metrics = metrics;
        this.segmentInTopic = segmentInTopic;
        this.oneSignalOutTopic = oneSignalOutTopic;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeadLetter letter = exchange.getMessage().getBody(DeadLetter.class);
        if (letter.event() == null) {
            LOG.warn("Kept a {} request body that is not JSON ({} bytes) in the dead-letter file: {}",
                    letter.direction(), letter.body().length, letter.reason());
        } else {
            LOG.warn("Dead-lettered {} event (messageId {}) after {} attempt(s): {}", letter.direction(),
                    letter.messageId(), letter.attempts(), letter.reason());
        }
        metrics.deadLettered(letter.direction());
        exchange.setProperty(TOPIC, (DeadLetter.DATA_IN.equals(letter.direction()) ? segmentInTopic : oneSignalOutTopic)
                + "-dlq");
        exchange.setProperty(REASON, letter.reason());
        exchange.getMessage().setBody(letter.getLine());
    }
}
