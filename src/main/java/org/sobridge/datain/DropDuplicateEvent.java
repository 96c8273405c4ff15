package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.IngestReport;

/** A Segment event whose messageId was delivered within the dedupe window: not sent again, reported. */
public final class DropDuplicateEvent implements Processor {

    public static final String REASON = "duplicate messageId, already handled within the dedupe window";

    @Override
    public void process(Exchange exchange) {
        IndexedEvent event = exchange.getMessage().getBody(IndexedEvent.class);
        exchange.getProperty(IngestReport.PROPERTY, IngestReport.class)
                .drop(event.index(), event.messageId("messageId"), REASON);
    }
}
