package org.sobridge.dataout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * One Segment track call waiting for its batch; the webhook request that brought it waits on {@link #outcome()}.
 *
 * @param json   the serialized track, as it goes into the batch body (serialized once, when its size is checked)
 * @param source the OneSignal event it comes from (for the dead letter)
 */
public record PendingTrack(int index, String messageId, String eventName, ObjectNode track, byte[] json,
                           CompletableFuture<DeliveryOutcome> outcome, JsonNode source) {

    /** Bytes of the serialized track, counted against Segment's batch limit. */
    public int size() {
        return json.length;
    }
}
