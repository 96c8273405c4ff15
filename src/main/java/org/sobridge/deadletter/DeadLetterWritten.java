package org.sobridge.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.EventOutcome;
import org.sobridge.ops.EventOutcomes;
import org.sobridge.ops.LogContext;

/**
 * A dead letter was written (file, and with Kafka its topic): one log line, a count in
 * {@code bridge_events_dead_lettered}, and the letter becomes its event's outcome (GET /observe/events). A letter
 * that could not be written is not counted: its request failed.
 */
public final class DeadLetterWritten implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWritten.class);

    private final BridgeMetrics metrics;
    private final EventOutcomes outcomes;

    public DeadLetterWritten(BridgeMetrics metrics, EventOutcomes outcomes) {
        this.metrics = metrics;
        this.outcomes = outcomes;
    }

    @Override
    public void process(Exchange exchange) {
        DeadLetter letter = exchange.getProperty(RecordDeadLetter.LETTER, DeadLetter.class);
        if (letter.event() == null) {
            // a letter that keeps a whole request body instead of an event
            LOG.warn("Kept a {} request body that is not JSON in the dead-letter file: {}", letter.direction(),
                    letter.reason());
        } else {
            String messageId = letter.messageId();
            try (LogContext ignored = LogContext.of(letter.direction(), messageId, letter.sourceName())) {
                LOG.warn("Dead-lettered after {} attempt(s): {}", letter.attempts(), letter.reason());
            }
            outcomes.record(letter.direction(), messageId, letter.sourceName(), EventOutcome.Kind.DEAD_LETTER,
                    letter.reason(), letter.status(), letter.attempts());
        }
        metrics.deadLettered(letter.direction());
    }
}
