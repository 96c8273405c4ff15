package org.sobridge.datain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sobridge.downstream.HttpCall;
import org.sobridge.json.Json;
import org.sobridge.mapping.DataInResult;
import org.sobridge.mapping.PathSegment;

/**
 * One call to OneSignal's REST API, relative to ONESIGNAL_API_URL, on behalf of one event of a request.
 *
 * @param index     position of the event in its webhook request
 * @param messageId the sender's id of the event, or null
 * @param path      already percent-encoded
 * @param event     the Segment event it comes from (for the dead letter)
 */
public record OneSignalRequest(int index, String messageId, String method, String path, ObjectNode body,
                               JsonNode event) implements HttpCall, UserKeyed {

    /** The PATCH calls that write a tag update to its user (by External ID) in the app, one per chunk of tags. */
    public static List<OneSignalRequest> tagUpdates(int index, String messageId, String appId,
                                                    DataInResult.TagUpdate update, JsonNode event) {
        String path = OneSignalApps.path(appId) + "/users/by/external_id/"
                + PathSegment.encode(update.userId());
        List<OneSignalRequest> requests = new ArrayList<>(update.chunks().size());
        for (Map<String, String> chunk : update.chunks()) {
            ObjectNode body = Json.mapper().createObjectNode();
            ObjectNode tags = body.putObject("properties").putObject("tags");
            chunk.forEach(tags::put);
            requests.add(new OneSignalRequest(index, messageId, "PATCH", path, body, event));
        }
        return requests;
    }

    /** One app's one user (the path names both): the key of the per-user rate limit. */
    @Override
    public String getUserKey() {
        return path;
    }

    /** The same call with these tags instead. */
    public OneSignalRequest withTags(Map<String, String> tags) {
        ObjectNode patch = Json.mapper().createObjectNode();
        ObjectNode tagsNode = patch.putObject("properties").putObject("tags");
        tags.forEach(tagsNode::put);
        return new OneSignalRequest(index, messageId, method, path, patch, event);
    }

    @Override
    public byte[] jsonBytes() throws JsonProcessingException {
        return Json.mapper().writeValueAsBytes(body);
    }
}
