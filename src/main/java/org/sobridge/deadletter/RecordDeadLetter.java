package org.sobridge.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.EventOutcome;
import org.sobridge.ops.EventOutcomes;
import org.sobridge.ops.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per dead-lettered event, counts it and records its outcome; the body becomes the NDJSON line to
 * append.
 */
public final class RecordDeadLetter implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDeadLetter.class);

    /** Exchange properties for the dead-letter topic (Kafka transport). */
    public static final String TOPIC = "deadLetterTopic";
    public static final String REASON = "deadLetterReason";

    private final BridgeMetrics metrics;
    private final EventOutcomes outcomes;
    private final String segmentInTopic;
    private final String oneSignalOutTopic;

    public RecordDeadLetter(BridgeMetrics metrics, EventOutcomes outcomes, String segmentInTopic,
                            String oneSignalOutTopic) {
        this.metrics = metrics;
        this.outcomes = outcomes;
        this.segmentInTopic = segmentInTopic;
        this.oneSignalOutTopic = oneSignalOutTopic;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeadLetter letter = exchange.getMessage().getBody(DeadLetter.class);
        String messageId = letter.messageId();
        try (LogContext ignored = LogContext.of(letter.direction(), messageId, letter.sourceName())) {
            LOG.warn("Dead-lettered after {} attempt(s): {}", letter.attempts(), letter.reason());
        }
        metrics.deadLettered(letter.direction());
        outcomes.record(letter.direction(), messageId, letter.sourceName(), EventOutcome.Kind.DEAD_LETTER,
                letter.reason(), letter.status(), letter.attempts());
        exchange.setProperty(TOPIC, (DeadLetter.DATA_IN.equals(letter.direction()) ? segmentInTopic : oneSignalOutTopic)
                + "-dlq");
        exchange.setProperty(REASON, letter.reason());
        exchange.getMessage().setBody(letter.getLine());
    }
}
