package org.sobridge.dataout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SegmentBatchTest {

    @Test
    void aNewBatchIsOpen() {
        assertFalse(new SegmentBatch(60_000).isFull());
    }

    @Test
    void aBatchOlderThanTheFlushIntervalIsClosedEvenWhileEventsKeepJoiningIt() {
        assertTrue(new SegmentBatch(0).isFull(), "SEGMENT_FLUSH_MS bounds the wait of the first event");
    }
}
