package org.sobridge.dataout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * One Segment track call waiting for its batch; the webhook request that brought it waits on {@link #outcome()}.
 *
 * @param size   bytes of the serialized track, counted against Segment's batch limit
 * @param source the OneSignal event it comes from (for the dead letter)
 */
public record PendingTrack(int index, String messageId, String eventName, ObjectNode track, int size,
                           CompletableFuture<DeliveryOutcome> outcome, JsonNode source) {

}
