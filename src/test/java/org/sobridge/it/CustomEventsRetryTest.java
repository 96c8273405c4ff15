package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With the messageId dedupe window on: a request whose custom events OneSignal could not take answers 503, and
 * Segment's retry of it is delivered again (not taken for a duplicate); a retry after success is a duplicate.
 */
class CustomEventsRetryTest {

    static WireMockServer oneSignal;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort());
        oneSignal.start();
        bridge = RunningBridge.start(Map.of(
                "onesignal.api-url", "http://127.0.0.1:" + oneSignal.port(),
                "onesignal.api-key", "key",
                "onesignal.app-id", "app",
                "onesignal.custom-events", "true",
                "onesignal.user-write-interval-ms", "1",
                "bridge.dedupe-window-ms", "600000",
                "dead-letter.dir", "target/dead-letters-custom-events-retry"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        oneSignal.stop();
    }

    @Test
    void aRequestAnswered503ForItsCustomEventsIsDeliveredAgainOnRetry() {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        oneSignal.stubFor(post(urlEqualTo("/apps/app/custom_events")).willReturn(aResponse().withStatus(503)));
        String body = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"messageId\":\"retry-1\",\"properties\":{\"a\":1}}";

        assertEquals(503, bridge.post("/v1/segment", body).statusCode());

        oneSignal.stubFor(post(urlEqualTo("/apps/app/custom_events")).willReturn(aResponse().withStatus(202).withBody("{}")));
        var retry = bridge.post("/v1/segment", body);
        assertEquals(200, retry.statusCode(), retry.body());
        oneSignal.verify(2, postRequestedFor(urlEqualTo("/apps/app/custom_events")));
        oneSignal.verify(2, patchRequestedFor(urlEqualTo("/apps/app/users/by/external_id/u")));

        var duplicate = bridge.post("/v1/segment", body);
        assertEquals(200, duplicate.statusCode(), duplicate.body());
        oneSignal.verify(2, postRequestedFor(urlEqualTo("/apps/app/custom_events")));
        oneSignal.verify(2, patchRequestedFor(urlEqualTo("/apps/app/users/by/external_id/u")));
    }

    @Test
    void aKeyRefusedForCustomEventsMakesReadinessDownUntilOneSignalTakesItAgain() {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        oneSignal.stubFor(post(urlEqualTo("/apps/app/custom_events")).willReturn(aResponse().withStatus(401)
                .withBody("{\"errors\":[\"Access denied\"]}")));
        String body = "{\"type\":\"track\",\"userId\":\"k\",\"event\":\"E\",\"messageId\":\"key-1\",\"properties\":{\"a\":1}}";

        assertEquals(503, bridge.post("/v1/segment", body).statusCode());
        assertTrue(downstreamsDown(), "the refused key shows in readiness, as for tag updates");

        oneSignal.stubFor(post(urlEqualTo("/apps/app/custom_events")).willReturn(aResponse().withStatus(202).withBody("{}")));
        assertEquals(200, bridge.post("/v1/segment", body).statusCode());
        assertFalse(downstreamsDown(), "OneSignal took the key again");
    }

    static boolean downstreamsDown() {
        return HealthCheckHelper.invokeReadiness(bridge.context()).stream()
                .anyMatch(r -> r.getCheck().getId().equals("downstreams") && r.getState() == HealthCheck.State.DOWN);
    }
}
