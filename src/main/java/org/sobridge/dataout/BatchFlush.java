package org.sobridge.dataout;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Tells when waiting for SEGMENT_FLUSH_MS is pointless: when every Data Out webhook request in flight has handed
 * its events to the batcher and waits for them, no more events can join the batch until it is sent, so it is
 * sent at once. Under load many requests share a batch; at low load an event waits for nothing.
 */
public final class BatchFlush {

    private static final String HANDED_OFF = "bridgeHandedOff";

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger handedOff = new AtomicInteger();

    /** Counts a webhook request in flight until it is answered, whatever the outcome. */
    public void enter(Exchange exchange) {
        inFlight.incrementAndGet();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (Boolean.TRUE.equals(done.getProperty(HANDED_OFF, Boolean.class))) {
                    handedOff.decrementAndGet();
                }
                inFlight.decrementAndGet();
            }
        });
    }

    /** The request handed off all its events; true when every request in flight has done so. */
    public boolean handOff(Exchange exchange) {
        exchange.setProperty(HANDED_OFF, true);
        return handedOff.incrementAndGet() >= inFlight.get();
    }
}
