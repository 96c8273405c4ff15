package org.sobridge.datain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.sobridge.downstream.HttpCall;
import org.sobridge.json.Json;
import org.sobridge.mapping.CustomEvents;

/** One {@code POST /apps/{app_id}/custom_events} call, carrying the custom events of one webhook request. */
public record CustomEventsCall(String appId, List<PendingCustomEvent> events) implements HttpCall {

    public CustomEventsCall {
        events = List.copyOf(events);
    }

    @Override
    public String path() {
        return OneSignalApps.path(appId) + "/custom_events";
    }

    @Override
    public byte[] jsonBytes() throws JsonProcessingException {
        return Json.mapper().writeValueAsBytes(body());
    }

    public ObjectNode body() {
        return CustomEvents.body(events.stream().map(PendingCustomEvent::event).toList());
    }
}
