package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;
import org.sobridge.security.Hmac;

/** Data In over real HTTP: Segment webhook → bridge → WireMock as OneSignal. */
class DataInTest {

    static final String SECRET = "s3cret-shared";
    static final String API_KEY = "os_v2_app_testkey";
    static final String APP = "app-123";

    static final Path DEAD_LETTERS = Path.of("target", "dead-letters-" + System.nanoTime());

    static WireMockServer oneSignal;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort());
        oneSignal.start();
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "onesignal.api-url", "http://127.0.0.1:" + oneSignal.port(),
                "onesignal.api-key", API_KEY,
                "onesignal.app-id", APP,
                "segment.shared-secret", SECRET,
                "bridge.max-body-bytes", "65536",
                "bridge.read-timeout-ms", "2000",
                "onesignal.retry-delay-ms", "20",
                "onesignal.user-write-interval-ms", "1",
                "bridge.dedupe-window-ms", "1",
                "dead-letter.dir", DEAD_LETTERS.toString()));
        properties.put("onesignal.tag-limit", "200");
        bridge = RunningBridge.start(properties);
    }

    @AfterAll
    static void stop() {
        bridge.close();
        oneSignal.stop();
    }

    @BeforeEach
    void reset() {
        bridge.context().getRegistry().lookupByNameAndType("oneSignalCircuitBreaker", CircuitBreaker.class).reset();
        oneSignal.resetAll();
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"properties\":{}}")));
    }

    static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    static String signature(String body) {
        return Hmac.sha1Hex(SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    static java.net.http.HttpResponse<String> postSigned(String body) {
        return bridge.post("/v1/segment", body, "X-Signature", signature(body));
    }

    @Test
    void identifyBecomesOnePatchWithExactHeadersAndBody() throws Exception {
        String body = Files.readString(Path.of("examples/identify.json"));
        var response = postSigned(body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode answer = json(response.body());
        assertEquals(1, answer.get("accepted").asInt());
        assertEquals(0, answer.get("dropped").size());
        assertFalse(answer.has("dryRun"));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-1"))
                .withHeader("Authorization", equalTo("Key " + API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(
                        "{\"properties\":{\"tags\":{\"first_name\":\"Ana\",\"last_name\":\"Lima\",\"plan\":\"pro\",\"coupon\":\"\"}}}")));
        assertEquals(1, oneSignal.getAllServeEvents().size());
    }

    @Test
    void trackPropertiesBecomeTagsWithoutTheEventName() {
        String body = "{\"type\":\"track\",\"userId\":\"u-7\",\"event\":\"Add to Cart\",\"messageId\":\"m-7\","
                + "\"properties\":{\"product_name\":\"Sunglasses\",\"brand\":\"Rayban\",\"price\":19.90}}";
        assertEquals(200, postSigned(body).statusCode());
        oneSignal.verify(patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-7"))
                .withRequestBody(equalToJson(
                        "{\"properties\":{\"tags\":{\"product_name\":\"Sunglasses\",\"brand\":\"Rayban\",\"price\":\"19.90\"}}}")));
    }

    @Test
    void userIdIsEncodedAsOnePathSegment() {
        String body = "{\"type\":\"identify\",\"userId\":\"a/b c?d#e%f é\",\"traits\":{\"plan\":\"x\"}}";
        assertEquals(200, postSigned(body).statusCode());
        oneSignal.verify(1, patchRequestedFor(
                urlEqualTo("/apps/app-123/users/by/external_id/a%2Fb%20c%3Fd%23e%25f%20%C3%A9")));
    }

    @Test
    void batchOfMixedEventsReportsEachDropAndDeliversTheRest() throws Exception {
        String body = "{\"batch\":["
                + "{\"type\":\"identify\",\"userId\":\"u-1\",\"messageId\":\"m-1\",\"traits\":{\"plan\":\"pro\"}},"
                + "{\"type\":\"identify\",\"anonymousId\":\"a-2\",\"messageId\":\"m-2\",\"traits\":{\"plan\":\"pro\"}},"
                + "{\"type\":\"page\",\"userId\":\"u-3\",\"messageId\":\"m-3\"},"
                + "{\"type\":\"track\",\"userId\":\"u-4\",\"messageId\":\"m-4\",\"event\":\"E\",\"properties\":{\"a\":{\"b\":1}}},"
                + "{\"type\":\"track\",\"userId\":\"u-5\",\"messageId\":\"m-5\",\"event\":\"E\",\"properties\":{\"n\":5}}"
                + "]}";
        var response = postSigned(body);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = json(response.body());
        assertEquals(2, answer.get("accepted").asInt());
        assertEquals(json("[{\"index\":1,\"messageId\":\"m-2\",\"reason\":\"no userId, so no OneSignal External ID to update\"},"
                + "{\"index\":2,\"messageId\":\"m-3\",\"reason\":\"unsupported type: page\"},"
                + "{\"index\":3,\"messageId\":\"m-4\",\"reason\":\"no tags left to write\"}]"), answer.get("dropped"));
        assertEquals(json("[{\"index\":3,\"messageId\":\"m-4\",\"key\":\"a\",\"reason\":\"nested objects are not stored as tags\"}]"),
                answer.get("omittedTags"));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-1")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-5"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"n\":\"5\"}}}")));
        assertEquals(2, oneSignal.getAllServeEvents().size());
    }

    @Test
    void plainArrayBodyIsAccepted() throws Exception {
        String body = "[{\"type\":\"identify\",\"userId\":\"u-1\",\"traits\":{\"a\":\"1\"}},"
                + "{\"type\":\"identify\",\"userId\":\"u-2\",\"traits\":{\"a\":\"2\"}}]";
        var response = postSigned(body);
        assertEquals(2, json(response.body()).get("accepted").asInt());
        assertEquals(2, oneSignal.getAllServeEvents().size());
    }

    @Test
    void actionsBatchSignedOverItsFirstEventIsAccepted() throws Exception {
        String first = "{\"type\":\"identify\",\"userId\":\"u-1\",\"traits\":{\"a\":\"1\"}}";
        String body = "[" + first + ",{\"type\":\"identify\",\"userId\":\"u-2\",\"traits\":{\"a\":\"2\"}}]";
        var response = bridge.post("/v1/segment", body, "X-Signature", signature(first));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2, json(response.body()).get("accepted").asInt());
    }

    @Test
    void missingSignatureIsRejectedAndNothingIsDelivered() throws Exception {
        var response = bridge.post("/v1/segment", "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":1}}");
        assertEquals(401, response.statusCode());
        assertEquals("missing X-Signature header", json(response.body()).get("error").asText());
        assertEquals(0, oneSignal.getAllServeEvents().size());
    }

    @Test
    void wrongSignatureIsRejectedAndNothingIsDelivered() throws Exception {
        String body = "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":1}}";
        var response = bridge.post("/v1/segment", body, "X-Signature", signature(body + " "));
        assertEquals(401, response.statusCode());
        assertEquals("X-Signature does not match the body", json(response.body()).get("error").asText());
        assertFalse(response.body().contains(SECRET));
        assertEquals(0, oneSignal.getAllServeEvents().size());
    }

    @Test
    void invalidJsonIs400WithAJsonReason() throws Exception {
        for (String bad : new String[] {"{\"type\":", "not json", "{\"a\":1} trailing", "{\"batch\":{}}", "42", ""}) {
            var response = postSigned(bad);
            assertEquals(400, response.statusCode(), bad);
            assertTrue(json(response.body()).get("error").asText().length() > 3, response.body());
        }
        assertEquals(0, oneSignal.getAllServeEvents().size());
    }

    @Test
    void invalidUtf8Is400() throws Exception {
        byte[] body = "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"\u0000\"}}".getBytes(StandardCharsets.UTF_8);
        body[body.length - 5] = (byte) 0xC3;
        body[body.length - 4] = (byte) 0x28;
        String sig = Hmac.sha1Hex(SECRET, body);
        var response = bridge.post("/v1/segment", body, "X-Signature", sig);
        assertEquals(400, response.statusCode(), response.body());
        json(response.body());
    }

    @Test
    void tooDeepJsonIs400() throws Exception {
        String body = "[".repeat(5000) + "]".repeat(5000);
        var response = postSigned(body);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(json(response.body()).get("error").asText().contains("nested"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        String body = "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"" + "x".repeat(70_000) + "\"}}";
        var response = postSigned(body);
        assertEquals(413, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"error\""), response.body());
        assertEquals(0, oneSignal.getAllServeEvents().size());
    }

    @Test
    void oneSignal404DropsTheEventWithOneSignalsReason() throws Exception {
        oneSignal.stubFor(patch(urlEqualTo("/apps/app-123/users/by/external_id/ghost")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[{\"code\":\"user-2\",\"title\":\"User not found\"}]}")));
        String body = "[{\"type\":\"identify\",\"userId\":\"ghost\",\"messageId\":\"m-g\",\"traits\":{\"a\":\"1\"}},"
                + "{\"type\":\"identify\",\"userId\":\"u-2\",\"traits\":{\"a\":\"2\"}}]";
        var response = postSigned(body);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = json(response.body());
        assertEquals(1, answer.get("accepted").asInt());
        assertEquals(json("[{\"index\":0,\"messageId\":\"m-g\",\"reason\":\"OneSignal answered 404: User not found\"}]"),
                answer.get("dropped"));
    }

    @Test
    void oneSignal400DropsTheEventWithOneSignalsReason() throws Exception {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[\"Please limit your tag updates to 100 per request\"]}")));
        var response = postSigned("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}");
        assertEquals(200, response.statusCode());
        assertEquals("OneSignal answered 400: Please limit your tag updates to 100 per request",
                json(response.body()).at("/dropped/0/reason").asText());
    }

    @Test
    void oneSignal500Answers503SoSegmentRetries() throws Exception {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(500).withBody("boom")));
        var response = postSigned("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}");
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertFalse(response.body().contains(API_KEY));
        json(response.body()).get("error").asText();
    }

    @Test
    void oneSignalRefusingTheKeyAnswers503NotADrop() throws Exception {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(403).withBody("Access denied.")));
        var response = postSigned("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}");
        assertEquals(503, response.statusCode(), response.body());
    }

    @Test
    void connectionResetAnswers503() {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        var response = postSigned("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}");
        assertEquals(503, response.statusCode(), response.body());
    }

    @Test
    void slowOneSignalTimesOutAnd503() {
        oneSignal.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withFixedDelay(4000)));
        var response = postSigned("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}");
        assertEquals(503, response.statusCode(), response.body());
    }

    @Test
    void moreThanOneHundredTagsGoOutInSeveralPatches() {
        StringBuilder traits = new StringBuilder("{");
        for (int i = 0; i < 150; i++) {
            traits.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        traits.append('}');
        var response = postSigned("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":" + traits + "}");
        assertEquals(200, response.statusCode());
        assertEquals(2, oneSignal.getAllServeEvents().size());
    }

    @Test
    void requestHeadersAreNotEchoedAndGetIsRefused() throws Exception {
        String body = "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}";
        var response = bridge.post("/v1/segment", body, "X-Signature", signature(body), "X-Api-Key", "topsecret");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("X-Api-Key").isEmpty());
        assertTrue(response.headers().firstValue("X-Signature").isEmpty());
        var get = RunningBridge.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + bridge.port() + "/v1/segment")).GET().build());
        assertEquals(405, get.statusCode());
        assertEquals("method not allowed; use POST", Json.mapper().readTree(get.body()).path("error").asText(), get.body());
        var form = bridge.post("/v1/segment", "a=b", "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(415, form.statusCode(), "a form body is refused before it can be parsed into headers");
        assertEquals("unsupported content type 'application/x-www-form-urlencoded'; send application/json",
                Json.mapper().readTree(form.body()).path("error").asText(), form.body());
        var unknown = bridge.post("/v1/nowhere", body);
        assertEquals(404, unknown.statusCode());
        assertEquals("no such endpoint", Json.mapper().readTree(unknown.body()).path("error").asText(), unknown.body());
    }
}
