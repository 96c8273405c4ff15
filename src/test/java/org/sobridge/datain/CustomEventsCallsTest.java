package org.sobridge.datain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;
import org.sobridge.mapping.CustomEvents;
import org.sobridge.mapping.TagPolicy;

class CustomEventsCallsTest {

    static PendingCustomEvent pending(String appId, int index, String user, int padding) throws Exception {
        CustomEvents.Event event = (CustomEvents.Event) CustomEvents.map(Json.mapper().readTree(
                "{\"type\":\"track\",\"userId\":\"" + user + "\",\"event\":\"E\",\"properties\":{\"p\":\"" + "x".repeat(padding) + "\"}}"),
                "m-" + index, TagPolicy.defaults());
        return new PendingCustomEvent(appId, index, "m-" + index, event);
    }

    @Test
    void oneCallPerAppWithinTheRequestLimit() throws Exception {
        List<PendingCustomEvent> events = new ArrayList<>();
        events.add(pending("a", 0, "u0", 10));
        events.add(pending("b", 1, "u1", 10));
        events.add(pending("a", 2, "u2", 10));
        List<CustomEventsCall> calls = BatchCustomEvents.calls(events, CustomEvents.MAX_REQUEST_BYTES);
        assertEquals(List.of("a", "b"), calls.stream().map(CustomEventsCall::appId).toList());
        assertEquals(List.of(0, 2), calls.get(0).events().stream().map(PendingCustomEvent::index).toList());
        assertEquals("/apps/a/custom_events", calls.get(0).path());
        assertEquals(2, calls.get(0).body().get("events").size());

        List<PendingCustomEvent> big = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            big.add(pending("a", i, "u" + i, 1500));
        }
        int twoEvents = 13 + 2 * big.get(0).event().bytes() + 1;
        assertEquals(List.of(2, 2, 1), BatchCustomEvents.calls(big, twoEvents).stream().map(c -> c.events().size()).toList());
    }

    @Test
    void perEventErrorsAreMatchedByIdempotencyKeyThenByUser() throws Exception {
        CustomEventsCall call = new CustomEventsCall("a", List.of(pending("a", 0, "u0", 1), pending("a", 1, "u1", 1)));
        String key0 = call.events().get(0).event().event().get("idempotency_key").asText();
        String body = "{\"errors\":["
                + "{\"event_user_id\":\"u1\",\"event_id\":\"x\",\"error\":{\"code\":\"not found\",\"title\":\"no user u1\"}},"
                + "{\"event_user_id\":\"zz\",\"event_id\":\"" + key0 + "\",\"error\":{\"code\":\"bad\",\"title\":\"bad event\"}},"
                + "{\"event_user_id\":\"ghost\",\"event_id\":\"e9\",\"error\":{\"code\":\"c\",\"title\":\"t\"}}]}";
        List<ObjectNode> entries = RecordCustomEventsAnswer.perEventErrors(call, body);
        assertEquals(Json.mapper().readTree("["
                + "{\"index\":1,\"messageId\":\"m-1\",\"reason\":\"OneSignal: not found: no user u1\"},"
                + "{\"index\":0,\"messageId\":\"m-0\",\"reason\":\"OneSignal: bad: bad event\"},"
                + "{\"externalId\":\"ghost\",\"eventId\":\"e9\",\"reason\":\"OneSignal: c: t\"}]"),
                Json.mapper().valueToTree(entries));
        assertEquals(List.of(), RecordCustomEventsAnswer.perEventErrors(call, "{}"));
        assertEquals(List.of(), RecordCustomEventsAnswer.perEventErrors(call, "not json"));
        assertEquals(List.of(), RecordCustomEventsAnswer.perEventErrors(call, ""));
    }
}
