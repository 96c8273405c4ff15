package org.sobridge.dataout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

class SegmentBatchTest {

    @Test
    void aNewBatchIsOpen() {
        assertFalse(new SegmentBatch(60_000).isFull());
    }

    @Test
    void aBatchOlderThanTheFlushIntervalIsClosedEvenWhileEventsKeepJoiningIt() {
        assertTrue(new SegmentBatch(0).isFull(), "SEGMENT_FLUSH_MS bounds the wait of the first event");
    }

    @Test
    void theAggregatorsCompletionTestReadsTheBatchInTheBody() {
        var exchange = new org.apache.camel.support.DefaultExchange(new org.apache.camel.impl.DefaultCamelContext());
        SegmentBatchFull full = new SegmentBatchFull();
        exchange.getMessage().setBody(new SegmentBatch(60_000));
        assertFalse(full.matches(exchange));
        exchange.getMessage().setBody(new SegmentBatch(0));
        assertTrue(full.matches(exchange));
        exchange.getMessage().setBody("not a batch");
        assertFalse(full.matches(exchange));
    }

    @Test
    void theBodyIsTheBatchOfTheTracksAsSerializedWhenMapped() throws Exception {
        SegmentBatch batch = new SegmentBatch(60_000);
        for (String event : new String[] {"Push Clicked", "Email Opened \"quoted\" é"}) {
            ObjectNode track = Json.mapper().createObjectNode().put("type", "track").put("event", event);
            batch.add(new PendingTrack(0, null, event, track, Json.mapper().writeValueAsBytes(track),
                    new CompletableFuture<>(), track));
        }
        assertEquals(batch.body(), Json.mapper().readTree(batch.jsonBytes()));
        assertEquals("/v1/batch", batch.path());
    }
}
