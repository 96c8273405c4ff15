package org.sobridge.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.ops.BridgeMetrics;

/**
 * A dead letter was written (file, and with Kafka its topic): one log line, and it counts in
 * {@code bridge_events_dead_lettered} (a letter that could not be written is not counted: its request failed).
 */
public final class DeadLetterWritten implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWritten.class);

    private final BridgeMetrics metrics;

    public DeadLetterWritten(BridgeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        DeadLetter letter = exchange.getProperty(RecordDeadLetter.LETTER, DeadLetter.class);
        if (letter.event() == null) {
            // a letter that keeps a whole request body instead of an event
            LOG.warn("Kept a {} request body that is not JSON in the dead-letter file: {}", letter.direction(),
                    letter.reason());
        } else {
            String messageId = letter.event().path("messageId")
                    .asText(letter.event().path("event").path("id").asText(null));
            LOG.warn("Dead-lettered {} event (messageId {}) after {} attempt(s): {}", letter.direction(), messageId,
                    letter.attempts(), letter.reason());
        }
        metrics.deadLettered(letter.direction());
    }
}
