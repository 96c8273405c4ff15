package org.sobridge.dataout;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Records an event whose Segment name is not in SEGMENT_EVENTS as dropped (not sent, counted). */
public final class DropDisabledEvent implements Processor {

    @Override
    public void process(Exchange exchange) {
        PendingTrack track = exchange.getMessage().getBody(PendingTrack.class);
        track.outcome().complete(
                new DeliveryOutcome.Dropped("event not enabled in SEGMENT_EVENTS: " + track.eventName()));
    }
}
