package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;
import org.sobridge.security.Hmac;

/**
 * Data In privacy over real HTTP against WireMock as OneSignal: TAGS_DENY also covers first/last names, and an
 * Engage audience key that may not be a tag is neither written nor made a segment, in both forms.
 */
class DataInPrivacyTest {

    static final String SECRET = "privacy-secret";
    static final String API_KEY = "os_v2_app_privacy";

    static WireMockServer oneSignal;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort());
        oneSignal.start();
        bridge = RunningBridge.start(Map.of(
                "onesignal.api-url", "http://127.0.0.1:" + oneSignal.port(),
                "onesignal.api-key", API_KEY,
                "onesignal.app-id", "app-123",
                "segment.shared-secret", SECRET,
                "tags.deny", "email,phone,first_name,lastName",
                "bridge.read-timeout-ms", "3000",
                "onesignal.user-write-interval-ms", "1",
                "bridge.dedupe-window-ms", "1",
                "dead-letter.dir", "target/dead-letters-datain-privacy"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        oneSignal.stop();
    }

    @BeforeEach
    void reset() {
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"properties\":{}}")));
        oneSignal.stubFor(get(urlPathEqualTo("/apps/app-123/segments")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"total_count\":0,\"offset\":0,\"limit\":300,\"segments\":[]}")));
        oneSignal.stubFor(post(urlEqualTo("/apps/app-123/segments")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"success\":true,\"id\":\"seg-1\"}")));
    }

    static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    static HttpResponse<String> postSigned(String body) {
        return bridge.post("/v1/segment", body, "X-Signature", Hmac.sha1Hex(SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void deniedFirstAndLastNamesAreNotWrittenAndAreReported() throws Exception {
        String body = "{\"type\":\"identify\",\"userId\":\"u-1\",\"messageId\":\"m-1\","
                + "\"traits\":{\"firstName\":\"Ana\",\"lastName\":\"Lima\",\"email\":\"ana@example.com\",\"plan\":\"pro\"}}";
        var response = postSigned(body);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = json(response.body());
        assertEquals(1, answer.get("accepted").asInt());
        assertEquals(json("[{\"index\":0,\"messageId\":\"m-1\",\"key\":\"first_name\",\"reason\":\"key is in TAGS_DENY\"},"
                + "{\"index\":0,\"messageId\":\"m-1\",\"key\":\"last_name\",\"reason\":\"key is in TAGS_DENY\"},"
                + "{\"index\":0,\"messageId\":\"m-1\",\"key\":\"email\",\"reason\":\"key is in TAGS_DENY\"}]"),
                answer.get("omittedTags"));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-1"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"plan\":\"pro\"}}}")));
        assertEquals(1, oneSignal.getAllServeEvents().size());
    }

    @Test
    void trackFormAudienceWithAReservedKeyWritesNothingAndMakesNoSegment() throws Exception {
        String body = "{\"type\":\"track\",\"userId\":\"u-2\",\"messageId\":\"m-2\",\"event\":\"Audience Entered\","
                + "\"properties\":{\"audience_key\":\"user\",\"user\":true}}";
        var response = postSigned(body);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = json(response.body());
        assertEquals(0, answer.get("accepted").asInt());
        assertEquals(json("[{\"index\":0,\"messageId\":\"m-2\",\"reason\":\"no tags left to write\"}]"), answer.get("dropped"));
        assertEquals(json("[{\"index\":0,\"messageId\":\"m-2\",\"key\":\"user\",\"reason\":\"tag key is reserved by OneSignal\"}]"),
                answer.get("omittedTags"));
        assertEquals(json("[{\"name\":\"user\",\"status\":\"not created\","
                + "\"reason\":\"the audience key is not written as a tag: tag key is reserved by OneSignal\"}]"), answer.get("segments"));
        assertEquals(0, oneSignal.getAllServeEvents().size());
    }

    @Test
    void bothFormsAgreeOnADeniedAudienceKey() throws Exception {
        String track = "{\"type\":\"track\",\"userId\":\"u-3\",\"messageId\":\"m-3\",\"event\":\"Audience Entered\","
                + "\"properties\":{\"audience_key\":\"email\",\"plan\":\"pro\"}}";
        String identify = "{\"type\":\"identify\",\"userId\":\"u-4\",\"messageId\":\"m-4\",\"traits\":{\"email\":true,\"plan\":\"pro\"},"
                + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"email\"}}}";
        String segments = "[{\"name\":\"email\",\"status\":\"not created\","
                + "\"reason\":\"the audience key is not written as a tag: key is in TAGS_DENY\"}]";
        for (String[] call : new String[][] {{track, "m-3", "u-3"}, {identify, "m-4", "u-4"}}) {
            var response = postSigned(call[0]);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode answer = json(response.body());
            assertEquals(1, answer.get("accepted").asInt(), response.body());
            assertEquals(json("[{\"index\":0,\"messageId\":\"" + call[1] + "\",\"key\":\"email\",\"reason\":\"key is in TAGS_DENY\"}]"),
                    answer.get("omittedTags"));
            assertEquals(json(segments), answer.get("segments"));
            oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/" + call[2]))
                    .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"plan\":\"pro\"}}}")));
        }
        oneSignal.verify(0, getRequestedFor(urlPathEqualTo("/apps/app-123/segments")));
        oneSignal.verify(0, postRequestedFor(urlEqualTo("/apps/app-123/segments")));
    }

    @Test
    void aBatchReportsARefusedSegmentOnce() throws Exception {
        String event = "{\"type\":\"track\",\"userId\":\"u-%d\",\"messageId\":\"b-%d\",\"event\":\"Audience Entered\","
                + "\"properties\":{\"audience_key\":\"app\",\"app\":true,\"plan\":\"p\"}}";
        String body = "{\"batch\":[" + String.format(event, 1, 1) + "," + String.format(event, 2, 2) + "]}";
        var response = postSigned(body);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = json(response.body());
        assertEquals(2, answer.get("accepted").asInt());
        assertEquals(1, answer.get("segments").size(), response.body());
        assertEquals(2, answer.get("omittedTags").size(), response.body());
        oneSignal.verify(0, postRequestedFor(urlEqualTo("/apps/app-123/segments")));
    }
}
