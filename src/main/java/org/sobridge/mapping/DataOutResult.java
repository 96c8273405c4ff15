package org.sobridge.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What one OneSignal Event Streams event becomes on the Segment side. */
public sealed interface DataOutResult {

    /** The event is not sent; the reason is reported to the caller and counted. */
    record Dropped(String reason) implements DataOutResult {
    }

    /**
     * One Segment {@code track} call.
     *
     * @param eventName    the Segment event name (e.g. "Push Clicked"), for filtering on SEGMENT_EVENTS
     * @param partitionKey the userId when there is one, else the anonymousId: keeps one user's events in order
     * @param track        the track call body; built fresh for each event, owned by the receiver
     */
    record Track(String eventName, String partitionKey, ObjectNode track) implements DataOutResult {
    }
}
