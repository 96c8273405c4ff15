package org.sobridge.datain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sobridge.downstream.HttpCall;
import org.sobridge.json.Json;

/**
 * A OneSignal segment an Engage audience needs: named after the audience key, matching users whose tag of that
 * name is "true".
 */
public record PendingSegment(String appId, String name) implements HttpCall {

    /** The app's segments: listed (GET) and created (POST) there. */
    @Override
    public String path() {
        return OneSignalApps.path(appId) + "/segments";
    }

    /** The body of the create call. */
    public ObjectNode body() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("name", name);
        body.putArray("filters").addObject()
                .put("field", "tag").put("key", name).put("relation", "=").put("value", "true");
        return body;
    }

    @Override
    public byte[] jsonBytes() throws JsonProcessingException {
        return Json.mapper().writeValueAsBytes(body());
    }
}
