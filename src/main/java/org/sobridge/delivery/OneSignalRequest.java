package org.sobridge.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sobridge.json.Json;

/**
 * One call to OneSignal's REST API, relative to ONESIGNAL_API_URL, on behalf of one event of a request.
 *
 * @param index     position of the event in its webhook request
 * @param messageId the sender's id of the event, or null
 * @param path      already percent-encoded
 * @param event     the Segment event it comes from (for the dead letter)
 */
public record OneSignalRequest(int index, String messageId, String method, String path, ObjectNode body,
                               JsonNode event) implements HttpCall {

    /** One app's one user (the path names both): the key of the per-user rate limit. */
    public String getUserKey() {
        return path;
    }

    public String getJson() throws JsonProcessingException {
        return Json.mapper().writeValueAsString(body);
    }

    @Override
    public byte[] jsonBytes() throws JsonProcessingException {
        return Json.mapper().writeValueAsBytes(body);
    }
}
