package org.sobridge.datain;

import org.sobridge.mapping.CustomEvents;

/** A custom event waiting for its request's batched custom-events call. */
public record PendingCustomEvent(String appId, int index, String messageId, CustomEvents.Event event) {
}
