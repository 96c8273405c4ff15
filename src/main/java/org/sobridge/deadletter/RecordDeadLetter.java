package org.sobridge.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ops.BridgeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one line per dead-lettered event and counts it; the body becomes the NDJSON line to append. */
public final class RecordDeadLetter implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDeadLetter.class);

    private final BridgeMetrics metrics;

    public RecordDeadLetter(BridgeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeadLetter letter = exchange.getMessage().getBody(DeadLetter.class);
        String messageId = letter.event().path("messageId").asText(letter.event().path("event").path("id").asText(null));
        LOG.warn("Dead-lettered {} event (messageId {}) after {} attempt(s): {}", letter.direction(), messageId,
                letter.attempts(), letter.reason());
        metrics.deadLettered(letter.direction());
        exchange.getMessage().setBody(letter.getLine());
    }
}
