package org.sobridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of a webhook request, with its position in that request for the answer.
 *
 * @param source the named Segment source a Kafka record of the event was published for, or null
 */
public record IndexedEvent(int index, JsonNode event, String source) {

    public IndexedEvent(int index, JsonNode event) {
        this(index, event, null);
    }

    /** Kafka key of a Segment event: its userId, so one user's events stay in one partition, in order. */
    public String getSegmentKey() {
        String userId = event.path("userId").asText("");
        return userId.isBlank() ? event.path("anonymousId").asText("") : userId;
    }

    /** Kafka key of a OneSignal event: its external_id, else its subscription id. */
    public String getOneSignalKey() {
        String externalId = event.path("event").path("external_id").asText("");
        return externalId.isBlank() ? event.path("event").path("subscription_id").asText("") : externalId;
    }

    /** The event as one Kafka record value. */
    public String getRecord() {
        return event.toString();
    }

    /** The sender's id of the event (Segment messageId, OneSignal event id), or null. */
    public String messageId(String field) {
        JsonNode id = event.isObject() ? event.get(field) : null;
        return id != null && id.isValueNode() && !id.isNull() ? id.asText() : null;
    }
}
