package org.sobridge.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Prepares one dead letter for writing: the body becomes the NDJSON line to append, the exchange properties name its
 * topic, reason and direction. {@link DeadLetterWritten} logs it, counts it and records its outcome once it was
 * written.
 */
public final class RecordDeadLetter implements Processor {

    /** Exchange properties for the dead-letter topic (Kafka transport). */
    public static final String TOPIC = "deadLetterTopic";
    public static final String REASON = "deadLetterReason";
    /** Exchange property holding the {@link DeadLetter} being written. */
    public static final String LETTER = "deadLetter";

    private final String segmentInTopic;
    private final String oneSignalOutTopic;

    public RecordDeadLetter(String segmentInTopic, String oneSignalOutTopic) {
        this.segmentInTopic = segmentInTopic;
        this.oneSignalOutTopic = oneSignalOutTopic;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeadLetter letter = exchange.getMessage().getBody(DeadLetter.class);
        exchange.setProperty(LETTER, letter);
        exchange.setProperty(TOPIC, (DeadLetter.DATA_IN.equals(letter.direction()) ? segmentInTopic : oneSignalOutTopic)
                + "-dlq");
        exchange.setProperty(REASON, letter.reason());
        exchange.getMessage().setBody(letter.getLine());
    }
}
