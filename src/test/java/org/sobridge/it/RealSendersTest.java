package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;
import org.sobridge.security.Hmac;

/**
 * What real Segment senders put on the wire, byte for byte, against the running bridge with WireMock as OneSignal
 * (and as Segment for Data Out): analytics-python's gzipped {@code /v1/batch} with the write key in the body and no
 * Authorization header, analytics-node's Basic auth, Webhooks (Actions) batches signed over their first event as
 * {@code JSON.stringify} writes it, gzip bombs, and the Segment-shaped answers ({@code "success": true}; errors
 * with {@code code} and {@code message}).
 */
class RealSendersTest {

    static final String SECRET = "actions-secret";
    static final String WEB_SECRET = "web-secret";
    static final String API_KEY = "os_v2_app_realsenders";
    static final String WEB_KEY = "os_v2_app_web";
    static final String APP = "app-123";
    static final String WRITE_KEY = "wk-python-1";
    static final String EVENTS_TOKEN = "events-token";

    static WireMockServer fake;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        fake = new WireMockServer(wireMockConfig().dynamicPort());
        fake.start();
        bridge = RunningBridge.start(properties(Map.of()));
    }

    /** The dedupe settings stay at their defaults. */
    static Map<String, String> properties(Map<String, String> more) {
        String url = "http://127.0.0.1:" + fake.port();
        Map<String, String> p = new HashMap<>(Map.ofEntries(
                Map.entry("onesignal.api-url", url),
                Map.entry("onesignal.api-key", API_KEY),
                Map.entry("onesignal.app-id", APP),
                Map.entry("segment.shared-secret", SECRET),
                Map.entry("segment.sources", "web"),
                Map.entry("source.web.shared-secret", WEB_SECRET),
                Map.entry("source.web.onesignal-app-id", "app-web"),
                Map.entry("source.web.onesignal-api-key", WEB_KEY),
                Map.entry("bridge.write-keys", "wk-other," + WRITE_KEY),
                Map.entry("onesignal.events-token", EVENTS_TOKEN),
                Map.entry("segment.api-url", url),
                Map.entry("segment.write-key", "segment-wk"),
                Map.entry("segment.batch-size", "1"),
                Map.entry("bridge.read-timeout-ms", "2000"),
                Map.entry("onesignal.retry-delay-ms", "20"),
                Map.entry("onesignal.user-write-interval-ms", "1"),
                Map.entry("dead-letter.dir", "target/dead-letters-real-senders")));
        p.putAll(more);
        return p;
    }

    @AfterAll
    static void stop() {
        bridge.close();
        fake.stop();
    }

    @BeforeEach
    void reset() {
        bridge.context().getRegistry().lookupByNameAndType("oneSignalCircuitBreaker", CircuitBreaker.class).reset();
        fake.resetAll();
        fake.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"properties\":{}}")));
        fake.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"success\":true}")));
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code size} zero bytes, gzipped in chunks (the test never holds the inflated bomb either). */
    static byte[] gzipBomb(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 16];
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (int written = 0; written < size; written += zeros.length) {
                gz.write(zeros, 0, Math.min(zeros.length, size - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String basic(String writeKey) {
        return "Basic " + Base64.getEncoder().encodeToString(utf8(writeKey + ":"));
    }

    static String sign(String secret, String signed) {
        return Hmac.sha1Hex(secret, utf8(signed));
    }

    /** An error answer in Segment's shape, with the bridge's own "error" beside it. */
    static JsonNode assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = json(response.body());
        assertEquals(code, body.path("code").asText(), response.body());
        assertTrue(body.path("message").isTextual() && body.path("message").asText().length() > 3, response.body());
        assertEquals(body.path("message").asText(), body.path("error").asText(), response.body());
        return body;
    }

    // --- Segment HTTP Tracking API senders ----------------------------------------------------------------------

    /**
     * segment-analytics-python 2.3.4 with {@code gzip=True}: json.dumps' separators and ASCII escapes, the write key
     * as the body's last field, no Authorization header, Content-Encoding gzip. Success for it is status 200 exactly.
     */
    @Test
    void pythonSdkGzippedBatchWithTheWriteKeyInTheBodyIsAcceptedWith200AndSuccessTrue() {
        String body = "{\"batch\": [{\"integrations\": {}, \"anonymousId\": null, "
                + "\"timestamp\": \"2026-12-01T10:00:00.123456+00:00\", "
                + "\"context\": {\"library\": {\"name\": \"analytics-python\", \"version\": \"2.3.4\"}}, "
                + "\"type\": \"identify\", \"userId\": \"py-user-1\", "
                + "\"traits\": {\"plan\": \"pro\", \"city\": \"S\\u00e3o Paulo\", \"visits\": 3}, "
                + "\"messageId\": \"0b7e4d8c-8a52-4a83-9c55-3c0e7f0e2a11\"}], "
                + "\"sentAt\": \"2026-12-01T10:00:01.000000+00:00\", \"writeKey\": \"" + WRITE_KEY + "\"}";
        HttpResponse<String> response = bridge.post("/v1/batch", gzip(utf8(body)),
                "Content-Type", "application/json", "User-Agent", "analytics-python/2.3.4",
                "Content-Encoding", "gzip", "Accept-Encoding", "gzip, deflate", "Accept", "*/*");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode answer = json(response.body());
        assertTrue(answer.path("success").isBoolean() && answer.path("success").asBoolean(), response.body());
        assertEquals(1, answer.path("accepted").asInt(), response.body());
        assertEquals(0, answer.path("dropped").size(), response.body());
        fake.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/py-user-1"))
                .withHeader("Authorization", equalTo("Key " + API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(
                        "{\"properties\":{\"tags\":{\"plan\":\"pro\",\"city\":\"São Paulo\",\"visits\":\"3\"}}}")));
        assertEquals(1, fake.getAllServeEvents().size());
    }

    /** @segment/analytics-node 3.1.0: Basic auth and the write key in the body, no gzip, {@code _metadata}. */
    @Test
    void nodeSdkBatchWithBasicAuthIsAcceptedWithSuccessTrue() {
        String body = "{\"batch\":[{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"node-user-1\","
                + "\"properties\":{\"plan\":\"team\"},\"messageId\":\"node-m-1\",\"timestamp\":\"2026-12-01T10:00:00.000Z\","
                + "\"_metadata\":{\"jsRuntime\":\"node\"},\"context\":{\"library\":{\"name\":\"@segment/analytics-node\","
                + "\"version\":\"3.1.0\"}},\"integrations\":{}}],\"writeKey\":\"" + WRITE_KEY
                + "\",\"sentAt\":\"2026-12-01T10:00:00.100Z\"}";
        HttpResponse<String> response = bridge.post("/v1/batch", body,
                "Authorization", basic(WRITE_KEY), "User-Agent", "analytics-node-next/latest");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(json(response.body()).path("success").asBoolean(), response.body());
        fake.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/node-user-1"))
                .withHeader("Authorization", equalTo("Key " + API_KEY))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"plan\":\"team\"}}}")));
    }

    @Test
    void singleCallPathsAnswerSuccessTooAndTakeAGzippedBody() {
        HttpResponse<String> response = bridge.post("/v1/identify",
                gzip(utf8("{\"userId\":\"one-call\",\"traits\":{\"tier\":\"gold\"},\"writeKey\":\"" + WRITE_KEY + "\"}")),
                "Content-Encoding", "gzip");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(json(response.body()).path("success").asBoolean(), response.body());
        fake.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/one-call"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"tier\":\"gold\"}}}")));
    }

    @Test
    void theAuthorizationHeaderWinsOverTheBodysWriteKey() {
        String unknownInBody = "{\"batch\":[{\"type\":\"identify\",\"userId\":\"hdr-1\",\"traits\":{\"a\":\"1\"}}],"
                + "\"writeKey\":\"not-a-key\"}";
        assertEquals(200, bridge.post("/v1/batch", unknownInBody, "Authorization", basic(WRITE_KEY)).statusCode());

        String knownInBody = "{\"batch\":[{\"type\":\"identify\",\"userId\":\"hdr-2\",\"traits\":{\"a\":\"1\"}}],"
                + "\"writeKey\":\"" + WRITE_KEY + "\"}";
        JsonNode refused = assertError(bridge.post("/v1/batch", knownInBody, "Authorization", basic("not-a-key")),
                401, "unauthorized");
        assertFalse(refused.toString().contains(WRITE_KEY));
        fake.verify(1, patchRequestedFor(anyUrl()));
        fake.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/hdr-1")));
    }

    @Test
    void httpApiErrorsHaveCodeAndMessage() {
        String event = "{\"batch\":[{\"type\":\"identify\",\"userId\":\"err-1\",\"traits\":{\"a\":\"1\"}}]";
        assertError(bridge.post("/v1/batch", event + ",\"writeKey\":\"wrong\"}"), 401, "unauthorized");
        assertError(bridge.post("/v1/batch", event + "}"), 401, "unauthorized");
        assertError(bridge.post("/v1/batch", "{\"batch\": [", "Authorization", basic(WRITE_KEY)), 400, "bad_request");
        assertError(bridge.post("/v1/track", "not json", "Authorization", basic(WRITE_KEY)), 400, "bad_request");
        // over the body limit as sent: the HTTP server refuses it before any route, with Segment's 400 on these paths
        byte[] huge = ("{\"batch\":[],\"pad\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertError(bridge.post("/v1/batch", huge, "Authorization", basic(WRITE_KEY)), 400, "payload_too_large");
        assertError(bridge.post("/v1/identify/", huge, "Authorization", basic(WRITE_KEY)), 400, "payload_too_large");
        assertError(bridge.post("/v1/segment", huge, "X-Signature", "00"), 413, "payload_too_large");
        assertEquals(0, fake.getAllServeEvents().size());
    }

    @Test
    void everyOtherEndpointsErrorsHaveCodeAndMessageToo() {
        assertError(bridge.post("/v1/segment", "{\"type\":\"identify\"}", "X-Signature", "00"), 401, "unauthorized");
        String bad = "{\"type\":";
        assertError(bridge.post("/v1/segment", bad, "X-Signature", sign(SECRET, bad)), 400, "bad_request");
        assertError(bridge.post("/v1/segment/nope", "{}"), 404, "not_found");
        assertError(bridge.post("/v1/onesignal/events", "{}", "Authorization", "Bearer nope"), 401, "unauthorized");
        assertError(bridge.post("/v1/nowhere", "{}"), 404, "not_found");
        assertError(bridge.post("/v1/segment", "a=b", "Content-Type", "application/x-www-form-urlencoded"),
                415, "unsupported_media_type");
        assertError(RunningBridge.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + "/v1/batch"))
                .timeout(Duration.ofSeconds(10)).GET().build()), 405, "method_not_allowed");
    }

    // --- gzip ------------------------------------------------------------------------------------------------------

    @Test
    void theWebhookTakesGzipAndChecksTheSignatureOnTheDecompressedBody() {
        String body = "{\"type\":\"identify\",\"userId\":\"gz-1\",\"messageId\":\"gz-m-1\",\"traits\":{\"plan\":\"gz\"}}";
        byte[] compressed = gzip(utf8(body));
        HttpResponse<String> overCompressed = bridge.post("/v1/segment", compressed,
                "Content-Encoding", "gzip", "X-Signature", Hmac.sha1Hex(SECRET, compressed));
        assertError(overCompressed, 401, "unauthorized");

        HttpResponse<String> response = bridge.post("/v1/segment", compressed,
                "Content-Encoding", "gzip", "X-Signature", sign(SECRET, body));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, json(response.body()).path("accepted").asInt(), response.body());
        fake.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/gz-1"))
                .withHeader("Authorization", equalTo("Key " + API_KEY))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"plan\":\"gz\"}}}")));

        String web = "{\"type\":\"identify\",\"userId\":\"gz-2\",\"messageId\":\"gz-m-2\",\"traits\":{\"plan\":\"web\"}}";
        HttpResponse<String> source = bridge.post("/v1/segment/web", gzip(utf8(web)),
                "Content-Encoding", "GZIP", "X-Signature", sign(WEB_SECRET, web));
        assertEquals(200, source.statusCode(), source.body());
        fake.verify(1, patchRequestedFor(urlEqualTo("/apps/app-web/users/by/external_id/gz-2"))
                .withHeader("Authorization", equalTo("Key " + WEB_KEY)));
    }

    @Test
    void oneSignalEventStreamsMayGzipToo() {
        String event = "{\"event\":{\"id\":\"0d4c5b0e-2222-4a4a-9999-000000000001\",\"kind\":\"message.push.clicked\","
                + "\"timestamp\":1709287200,\"datetime\":\"2024-03-01T10:00:00.000Z\",\"app_id\":\"app-123\","
                + "\"subscription_id\":\"sub-1\",\"external_id\":\"gz-out-1\"},\"message\":{\"id\":\"msg-1\",\"name\":\"Promo\"}}";
        HttpResponse<String> response = bridge.post("/v1/onesignal/events", gzip(utf8(event)),
                "Content-Encoding", "gzip", "Authorization", "Bearer " + EVENTS_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        fake.verify(1, postRequestedFor(urlEqualTo("/v1/batch"))
                .withHeader("Authorization", equalTo(basic("segment-wk")))
                .withRequestBody(matchingJsonPath("$.batch[0].userId", equalTo("gz-out-1")))
                .withRequestBody(matchingJsonPath("$.batch[0].event", equalTo("Push Clicked"))));
    }

    /** 50 MB of zeros, about 50 KB gzipped: under the body limit on the wire, far over it once inflated. */
    @Test
    void aGzipBombIs413OnTheWebhooksAnd400OnTheHttpApiWithoutRunningOutOfMemory() {
        byte[] bomb = gzipBomb(50 * 1024 * 1024);
        assertTrue(bomb.length < 100_000, "the bomb is small on the wire: " + bomb.length);

        assertError(bridge.post("/v1/segment", bomb, "Content-Encoding", "gzip", "X-Signature", "00"),
                413, "payload_too_large");
        assertError(bridge.post("/v1/onesignal/events", bomb, "Content-Encoding", "gzip",
                "Authorization", "Bearer " + EVENTS_TOKEN), 413, "payload_too_large");
        assertError(bridge.post("/v1/batch", bomb, "Content-Encoding", "gzip", "Authorization", basic(WRITE_KEY)),
                400, "payload_too_large");
        assertError(bridge.post("/v1/batch", bomb, "Content-Encoding", "gzip"), 400, "payload_too_large");
        assertEquals(0, fake.getAllServeEvents().size());

        String still = "{\"batch\":[{\"type\":\"identify\",\"userId\":\"after-bomb\",\"traits\":{\"a\":\"1\"}}],"
                + "\"writeKey\":\"" + WRITE_KEY + "\"}";
        assertEquals(200, bridge.post("/v1/batch", gzip(utf8(still)), "Content-Encoding", "gzip").statusCode(),
                "still serving");
    }

    @Test
    void anUnknownContentEncodingIs415AndBrokenGzipIs400() {
        String body = "{\"type\":\"identify\",\"userId\":\"enc\",\"traits\":{\"a\":\"1\"}}";
        assertError(bridge.post("/v1/segment", body, "Content-Encoding", "br", "X-Signature", sign(SECRET, body)),
                415, "unsupported_media_type");
        assertError(bridge.post("/v1/batch", body, "Content-Encoding", "compress", "Authorization", basic(WRITE_KEY)),
                415, "unsupported_media_type");
        assertError(bridge.post("/v1/onesignal/events", "{}", "Content-Encoding", "deflate",
                "Authorization", "Bearer " + EVENTS_TOKEN), 415, "unsupported_media_type");
        byte[] truncated = java.util.Arrays.copyOf(gzip(utf8(body)), 12);
        assertError(bridge.post("/v1/segment", truncated, "Content-Encoding", "gzip", "X-Signature", "00"),
                400, "bad_request");
        assertEquals(200, bridge.post("/v1/segment", body, "Content-Encoding", "identity",
                "X-Signature", sign(SECRET, body)).statusCode());
    }

    // --- Webhooks (Actions) batches signed over their first event ----------------------------------------------------

    /**
     * The first event exactly as {@code JSON.stringify} writes it: {@code 1.5e-7} (lower-case exponent), the control
     * character U+001F as a six-character escape with lower-case hex digits and the emoji as raw UTF-8 (not a
     * surrogate-pair escape). The body is {@code JSON.stringify(array)}: no whitespace.
     */
    static String stringifiedFirstEvent(String userId, String messageId) {
        return "{\"type\":\"track\",\"event\":\"Tiny Ratio\",\"userId\":\"" + userId + "\",\"messageId\":\"" + messageId
                + "\",\"properties\":{\"ratio\":1.5e-7,\"sep\":\"a\\u001fb\",\"mood\":\"\uD83D\uDE00\"}}";
    }

    static String secondEvent(String userId) {
        return "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"traits\":{\"plan\":\"second\"}}";
    }

    @Test
    void anActionsBatchSignedOverItsFirstEventAsJsonStringifyWritesItIsAccepted() {
        String first = stringifiedFirstEvent("act-1", "act-m-1");
        String body = "[" + first + "," + secondEvent("act-2") + "]";
        HttpResponse<String> response = bridge.post("/v1/segment", body, "X-Signature", sign(SECRET, first),
                "User-Agent", "Segment (Actions)");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2, json(response.body()).path("accepted").asInt(), response.body());
        fake.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/act-1"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"ratio\":\"0.00000015\",\"sep\":\"a\\u001fb\","
                        + "\"mood\":\"\uD83D\uDE00\"}}}")));
        fake.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/act-2")));
    }

    @Test
    void aReplayedFirstEventBatchWithAnAppendedEventIs401() {
        String first = stringifiedFirstEvent("rep-1", "rep-m-1");
        String body = "[" + first + "," + secondEvent("rep-2") + "]";
        String signature = sign(SECRET, first);
        assertEquals(200, bridge.post("/v1/segment", body, "X-Signature", signature).statusCode());
        assertEquals(2, fake.getAllServeEvents().size());

        String replayed = "[" + first + "," + secondEvent("rep-2") + "," + secondEvent("attacker-chosen") + "]";
        JsonNode refused = assertError(bridge.post("/v1/segment", replayed, "X-Signature", signature), 401, "unauthorized");
        assertTrue(refused.path("message").asText().contains("first event"), refused.toString());
        assertEquals(2, fake.getAllServeEvents().size(), "nothing of the replay reached OneSignal");
        fake.verify(0, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/attacker-chosen")));
    }

    /** A first-event-signed batch answered 503 was not accepted: Segment's retry of it must go through. */
    @Test
    void aFirstEventBatchAnswered503IsAcceptedWhenSegmentRetriesIt() {
        fake.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(500).withBody("down")));
        String first = stringifiedFirstEvent("retry-1", "retry-m-1");
        String body = "[" + first + "," + secondEvent("retry-2") + "]";
        assertError(bridge.post("/v1/segment", body, "X-Signature", sign(SECRET, first)), 503, "unavailable");

        bridge.context().getRegistry().lookupByNameAndType("oneSignalCircuitBreaker", CircuitBreaker.class).reset();
        fake.resetAll();
        fake.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(202).withBody("{}")));
        HttpResponse<String> retried = bridge.post("/v1/segment", body, "X-Signature", sign(SECRET, first));
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals(2, json(retried.body()).path("accepted").asInt(), retried.body());
    }

    @Test
    void withTheSettingOffTheFirstEventFormIsRefused() {
        try (RunningBridge strict = RunningBridge.start(properties(Map.of("segment.first-event-signatures", "false")))) {
            String first = stringifiedFirstEvent("off-1", "off-m-1");
            String body = "[" + first + "," + secondEvent("off-2") + "]";
            assertError(strict.post("/v1/segment", body, "X-Signature", sign(SECRET, first)), 401, "unauthorized");
            assertEquals(0, fake.getAllServeEvents().size());
            HttpResponse<String> wholeBody = strict.post("/v1/segment", body, "X-Signature", sign(SECRET, body));
            assertEquals(200, wholeBody.statusCode(), wholeBody.body());
        }
    }
}
