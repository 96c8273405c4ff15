package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/**
 * SEGMENT_EVENTS over real HTTP: by default only the 16 event names of OneSignal's own Segment integration are sent;
 * the others (here Push Failed) when named, or with "all".
 */
class SegmentEventsTest {

    static WireMockServer segment;

    @BeforeAll
    static void startSegment() {
        segment = new WireMockServer(wireMockConfig().dynamicPort());
        segment.start();
    }

    @AfterAll
    static void stopSegment() {
        segment.stop();
    }

    @BeforeEach
    void reset() {
        segment.resetAll();
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
    }

    static RunningBridge bridge(String segmentEvents) {
        Map<String, String> p = new HashMap<>(Map.of(
                "segment.api-url", "http://127.0.0.1:" + segment.port(),
                "segment.write-key", "WK",
                "segment.linger-ms", "300",
                "dead-letter.dir", "target/dead-letters-segment-events"));
        if (segmentEvents != null) {
            p.put("segment.events", segmentEvents);
        }
        return RunningBridge.start(p);
    }

    static String event(String id, String kind) {
        return "{\"event\":{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"datetime\":\"2024-03-01T10:00:00.000Z\","
                + "\"external_id\":\"u-1\",\"subscription_id\":\"s-1\"},\"message\":{\"id\":\"msg-1\"}}";
    }

    /** The answer to one request holding a Push Failed and a Push Clicked event, and the event names Segment got. */
    static List<String> send(RunningBridge bridge, List<JsonNode> answer) throws Exception {
        var response = bridge.post("/v1/onesignal/events",
                "[" + event("e-failed", "message.push.failed") + "," + event("e-clicked", "message.push.clicked") + "]");
        assertEquals(200, response.statusCode(), response.body());
        answer.add(Json.mapper().readTree(response.body()));
        List<String> sent = new ArrayList<>();
        for (var served : segment.getAllServeEvents()) {
            Json.mapper().readTree(served.getRequest().getBodyAsString()).get("batch")
                    .forEach(track -> sent.add(track.get("event").asText()));
        }
        return sent;
    }

    @Test
    void byDefaultPushFailedIsDroppedWithTheUsualReason() throws Exception {
        try (RunningBridge bridge = bridge(null)) {
            List<JsonNode> answer = new ArrayList<>();
            assertEquals(List.of("Push Clicked"), send(bridge, answer));
            assertEquals(1, answer.get(0).get("accepted").asInt());
            assertEquals(Json.mapper().readTree("[{\"index\":0,\"messageId\":\"e-failed\","
                    + "\"reason\":\"event not enabled in SEGMENT_EVENTS: Push Failed\"}]"), answer.get(0).get("dropped"));
        }
    }

    @Test
    void allSendsPushFailed() throws Exception {
        try (RunningBridge bridge = bridge("all")) {
            List<JsonNode> answer = new ArrayList<>();
            assertEquals(List.of("Push Failed", "Push Clicked"), send(bridge, answer));
            assertEquals(2, answer.get(0).get("accepted").asInt());
        }
    }

    @Test
    void namingPushFailedSendsIt() throws Exception {
        try (RunningBridge bridge = bridge("Push Failed")) {
            List<JsonNode> answer = new ArrayList<>();
            assertEquals(List.of("Push Failed"), send(bridge, answer));
            assertEquals(1, answer.get(0).get("accepted").asInt());
        }
    }
}
