package org.sobridge.dataout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

class SegmentBatchTest {

    @Test
    void aNewBatchIsOpen() {
        assertFalse(new SegmentBatch(60_000, new LongAdder()).isFull());
    }

    @Test
    void aBatchOlderThanTheFlushIntervalIsClosedEvenWhileEventsKeepJoiningIt() {
        assertTrue(new SegmentBatch(0, new LongAdder()).isFull(), "SEGMENT_FLUSH_MS bounds the wait of the first event");
    }

    @Test
    void theAggregatorsCompletionTestReadsTheBatchInTheBody() {
        var exchange = new org.apache.camel.support.DefaultExchange(new org.apache.camel.impl.DefaultCamelContext());
        SegmentBatchFull full = new SegmentBatchFull();
        exchange.getMessage().setBody(new SegmentBatch(60_000, new LongAdder()));
        assertFalse(full.matches(exchange));
        exchange.getMessage().setBody(new SegmentBatch(0, new LongAdder()));
        assertTrue(full.matches(exchange));
        exchange.getMessage().setBody("not a batch");
        assertFalse(full.matches(exchange));
    }

    @Test
    void whileTheBridgeShutsDownABatchIsSentAtOnce() {
        // Camel completes the open batches once when it shuts down; an event that joins one later must not wait
        // for SEGMENT_LINGER_MS, longer than the shutdown waits for its request
        var stopping = new org.apache.camel.impl.DefaultCamelContext() {
            @Override
            public boolean isStopping() {
                return true;
            }
        };
        var exchange = new org.apache.camel.support.DefaultExchange(stopping);
        exchange.getMessage().setBody(new SegmentBatch(60_000, new LongAdder()));
        assertTrue(new SegmentBatchFull().matches(exchange));
    }

    @Test
    void theBodyIsTheBatchOfTheTracksAsSerializedWhenMapped() throws Exception {
        LongAdder waiting = new LongAdder();
        SegmentBatch batch = new SegmentBatch(60_000, waiting);
        for (String event : new String[] {"Push Clicked", "Email Opened \"quoted\" é"}) {
            ObjectNode track = Json.mapper().createObjectNode().put("type", "track").put("event", event);
            batch.add(new PendingTrack(0, null, event, track, Json.mapper().writeValueAsBytes(track),
                    new CompletableFuture<>(), track));
        }
        assertEquals(batch.body(), Json.mapper().readTree(batch.jsonBytes()));
        assertEquals("/v1/batch", batch.path());
        assertEquals(2, waiting.sum(), "its events wait for the batch (bridge_segment_events_waiting)");
        batch.complete(new DeliveryOutcome.Delivered(200, 1));
        assertEquals(0, waiting.sum(), "until it is done");
    }
}
