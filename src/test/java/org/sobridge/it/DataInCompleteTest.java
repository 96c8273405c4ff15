package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;
import org.sobridge.security.Hmac;

/**
 * Data In, complete, over real HTTP against WireMock as OneSignal: Engage audiences (segments), computed traits,
 * custom events, the tag limit, named sources and the Segment-compatible HTTP API.
 */
class DataInCompleteTest {

    static final String SECRET = "s3cret-shared";
    static final String OTHER_SECRET = "rotated-secret";
    static final String API_KEY = "os_v2_app_testkey";
    static final String APP = "app-123";
    static final String WEB_SECRET = "web-secret";
    static final String WEB_APP = "app-web";
    static final String WEB_KEY = "os_v2_app_webkey";
    static final String WRITE_KEY = "wk-live-1";

    static WireMockServer oneSignal;
    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(40));
        oneSignal.start();
        bridge = RunningBridge.start(Map.ofEntries(
                Map.entry("onesignal.api-url", "http://127.0.0.1:" + oneSignal.port()),
                Map.entry("onesignal.api-key", API_KEY),
                Map.entry("onesignal.app-id", APP),
                Map.entry("segment.shared-secret", SECRET),
                Map.entry("segment.shared-secrets", "unused," + OTHER_SECRET),
                Map.entry("bridge.read-timeout-ms", "3000"),
                Map.entry("onesignal.custom-events", "true"),
                Map.entry("onesignal.tag-limit", "5"),
                Map.entry("group.tags", "on"),
                Map.entry("segment.sources", "web"),
                Map.entry("source.web.shared-secret", WEB_SECRET),
                Map.entry("source.web.onesignal-app-id", WEB_APP),
                Map.entry("source.web.onesignal-api-key", WEB_KEY),
                Map.entry("bridge.write-keys", "wk-other," + WRITE_KEY),
                Map.entry("onesignal.retry-delay-ms", "20"),
                Map.entry("onesignal.user-write-interval-ms", "1"),
                Map.entry("bridge.dedupe-window-ms", "1"),
                Map.entry("dead-letter.dir", "target/dead-letters-datain-complete")));
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
        oneSignal.stubFor(post(urlPathEqualTo("/apps/app-123/custom_events")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        oneSignal.stubFor(get(urlPathEqualTo("/apps/app-123/segments")).willReturn(okJson(
                "{\"total_count\":1,\"offset\":0,\"limit\":300,\"segments\":[{\"id\":\"s-1\",\"name\":\"Subscribed Users\"}]}")));
        oneSignal.stubFor(post(urlEqualTo("/apps/app-123/segments")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"success\":true,\"id\":\"seg-1\"}")));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    static HttpResponse<String> postSigned(String body) {
        return bridge.post("/v1/segment", body, "X-Signature", Hmac.sha1Hex(SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }

    static String audienceIdentify(String user, String key, boolean member) {
        return "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"messageId\":\"personas_" + user + key + "\","
                + "\"traits\":{\"" + key + "\":" + member + "},"
                + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"" + key + "\","
                + "\"computation_id\":\"aud_1\",\"space_id\":\"spa_1\"}}}";
    }

    static String segmentBody(String key) {
        return "{\"name\":\"" + key + "\",\"filters\":[{\"field\":\"tag\",\"key\":\"" + key
                + "\",\"relation\":\"=\",\"value\":\"true\"}]}";
    }

    // --- Engage audiences and computed traits -------------------------------------------------------------

    @Test
    void audienceIdentifyCreatesTheSegmentOnceThenOnlyTags() throws Exception {
        var response = postSigned(audienceIdentify("u-11", "first_time_shopper", true));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(json("[{\"name\":\"first_time_shopper\",\"status\":\"created\"}]"), json(response.body()).get("segments"));
        oneSignal.verify(1, getRequestedFor(urlEqualTo("/apps/app-123/segments?offset=0&limit=300"))
                .withHeader("Authorization", equalTo("Key " + API_KEY)));
        oneSignal.verify(1, postRequestedFor(urlEqualTo("/apps/app-123/segments"))
                .withHeader("Authorization", equalTo("Key " + API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(segmentBody("first_time_shopper"))));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-11"))
                .withHeader("Authorization", equalTo("Key " + API_KEY))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"first_time_shopper\":\"true\"}}}")));

        // worked example 12: exit, track form; the segment is known now
        String exit = "{\"type\":\"track\",\"userId\":\"u-11\",\"event\":\"Audience Exited\",\"messageId\":\"m-12\","
                + "\"properties\":{\"audience_key\":\"first_time_shopper\",\"first_time_shopper\":false},"
                + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"first_time_shopper\"}}}";
        oneSignal.resetRequests();
        var second = postSigned(exit);
        assertEquals(200, second.statusCode(), second.body());
        oneSignal.verify(0, getRequestedFor(urlPathEqualTo("/apps/app-123/segments")));
        oneSignal.verify(0, postRequestedFor(urlEqualTo("/apps/app-123/segments")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-11"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"first_time_shopper\":\"false\"}}}")));
    }

    @Test
    void audienceTrackFormAlsoCreatesTheSegmentAndIdentifyTraitsGoAlong() throws Exception {
        String enter = "{\"type\":\"track\",\"userId\":\"u-t\",\"event\":\"Audience Entered\",\"messageId\":\"m-t\","
                + "\"properties\":{\"audience_key\":\"vip_track\",\"vip_track\":true}}";
        var response = postSigned(enter);
        assertEquals(200, response.statusCode(), response.body());
        oneSignal.verify(1, postRequestedFor(urlEqualTo("/apps/app-123/segments"))
                .withRequestBody(equalToJson(segmentBody("vip_track"))));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-t"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"vip_track\":\"true\"}}}")));

        String identify = "{\"type\":\"identify\",\"userId\":\"u-i\",\"traits\":{\"journey_x\":true,\"plan\":\"pro\"},"
                + "\"context\":{\"personas\":{\"computation_class\":\"journey_step\",\"computation_key\":\"journey_x\"}}}";
        assertEquals(200, postSigned(identify).statusCode());
        oneSignal.verify(1, postRequestedFor(urlEqualTo("/apps/app-123/segments"))
                .withRequestBody(equalToJson(segmentBody("journey_x"))));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-i"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"journey_x\":\"true\",\"plan\":\"pro\"}}}")));
    }

    @Test
    void anExistingSegmentFoundOnALaterPageIsNotCreated() {
        StringBuilder page = new StringBuilder("{\"total_count\":301,\"offset\":0,\"limit\":300,\"segments\":[");
        for (int i = 0; i < 300; i++) {
            page.append(i == 0 ? "" : ",").append("{\"id\":\"s").append(i).append("\",\"name\":\"seg ").append(i).append("\"}");
        }
        page.append("]}");
        oneSignal.stubFor(get(urlEqualTo("/apps/app-123/segments?offset=0&limit=300")).willReturn(okJson(page.toString())));
        oneSignal.stubFor(get(urlEqualTo("/apps/app-123/segments?offset=300&limit=300")).willReturn(okJson(
                "{\"total_count\":301,\"offset\":300,\"limit\":300,\"segments\":[{\"id\":\"s300\",\"name\":\"made_before_restart\"}]}")));
        var response = postSigned(audienceIdentify("u-p", "made_before_restart", true));
        assertEquals(200, response.statusCode(), response.body());
        oneSignal.verify(2, getRequestedFor(urlPathEqualTo("/apps/app-123/segments")));
        oneSignal.verify(0, postRequestedFor(urlEqualTo("/apps/app-123/segments")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-p")));
    }

    @Test
    void concurrentFirstEventsForANewAudienceCreateItsSegmentExactlyOnce() throws Exception {
        oneSignal.stubFor(post(urlEqualTo("/apps/app-123/segments")).willReturn(aResponse().withStatus(201)
                .withFixedDelay(400).withBody("{\"success\":true,\"id\":\"seg-c\"}")));
        int parallel = 8;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < parallel; i++) {
                String body = audienceIdentify("u-c" + i, "brand_new_audience", true);
                answers.add(pool.submit(() -> {
                    go.await();
                    return postSigned(body);
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                assertEquals(200, answer.get().statusCode(), answer.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        oneSignal.verify(1, postRequestedFor(urlEqualTo("/apps/app-123/segments"))
                .withRequestBody(equalToJson(segmentBody("brand_new_audience"))));
        oneSignal.verify(1, getRequestedFor(urlPathEqualTo("/apps/app-123/segments")));
        oneSignal.verify(parallel, patchRequestedFor(anyUserPath()));
    }

    private static com.github.tomakehurst.wiremock.matching.UrlPattern anyUserPath() {
        return com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/apps/app-123/users/by/external_id/u-c[0-9]");
    }

    @Test
    void aFailedCreationNeverFailsTheTagsAndIsRetriedWithTheNextEvent() throws Exception {
        oneSignal.stubFor(post(urlEqualTo("/apps/app-123/segments")).willReturn(aResponse().withStatus(500).withBody("boom")));
        var first = postSigned(audienceIdentify("u-f", "flaky_audience", true));
        assertEquals(200, first.statusCode(), first.body());
        JsonNode answer = json(first.body());
        assertEquals(1, answer.get("accepted").asInt());
        assertEquals("failed", answer.at("/segments/0/status").asText());
        assertEquals("OneSignal answered 500: boom", answer.at("/segments/0/reason").asText());
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-f")));

        oneSignal.stubFor(post(urlEqualTo("/apps/app-123/segments")).willReturn(aResponse().withStatus(201)
                .withBody("{\"success\":true,\"id\":\"seg-f\"}")));
        var second = postSigned(audienceIdentify("u-g", "flaky_audience", true));
        assertEquals("created", json(second.body()).at("/segments/0/status").asText(), second.body());
        oneSignal.verify(2, postRequestedFor(urlEqualTo("/apps/app-123/segments"))
                .withRequestBody(equalToJson(segmentBody("flaky_audience"))));
    }

    @Test
    void aSegmentListThatCannotBeReadIsReportedAndTheTagsStillGo() throws Exception {
        oneSignal.stubFor(get(urlPathEqualTo("/apps/app-123/segments")).willReturn(aResponse().withStatus(503)));
        var response = postSigned(audienceIdentify("u-l", "unlisted_audience", true));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("failed", json(response.body()).at("/segments/0/status").asText());
        oneSignal.verify(0, postRequestedFor(urlEqualTo("/apps/app-123/segments")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-l")));
    }

    @Test
    void computedTraitsBecomeTagsWithoutASegment() {
        String identify = "{\"type\":\"identify\",\"userId\":\"u-13\",\"traits\":{\"total_revenue_180_days\":450.5},"
                + "\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"total_revenue_180_days\"}}}";
        String track = "{\"type\":\"track\",\"userId\":\"u-14\",\"event\":\"Trait Computed\",\"messageId\":\"m-14\","
                + "\"properties\":{\"trait_key\":\"orders_count\",\"orders_count\":7}}";
        assertEquals(200, postSigned("[" + identify + "," + track + "]").statusCode());
        oneSignal.verify(0, getRequestedFor(urlPathEqualTo("/apps/app-123/segments")));
        oneSignal.verify(0, postRequestedFor(urlEqualTo("/apps/app-123/segments")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-13"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"total_revenue_180_days\":\"450.5\"}}}")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-14"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"orders_count\":\"7\"}}}")));
    }

    // --- custom events -----------------------------------------------------------------------------------

    static String key(String messageId) {
        return UUID.nameUUIDFromBytes(("segment-message:" + messageId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void theTracksOfOneRequestGoOutAsOneCustomEventsCallBesideTheirTags() throws Exception {
        String body = "{\"batch\":["
                + "{\"type\":\"track\",\"userId\":\"u-7\",\"event\":\"Add to Cart\",\"messageId\":\"m-7\",\"timestamp\":\"2024-03-01T10:00:00.000Z\","
                + "\"properties\":{\"product_name\":\"Sunglasses\",\"brand\":\"Rayban\"}},"
                + "{\"type\":\"identify\",\"userId\":\"u-8\",\"traits\":{\"plan\":\"pro\"}},"
                + "{\"type\":\"track\",\"userId\":\"u-9\",\"event\":\"Order Completed\",\"messageId\":\"m-9\","
                + "\"properties\":{\"order\":{\"id\":\"A1\",\"items\":[1,2]},\"email\":\"x@y.z\",\"revenue\":39.95}}"
                + "]}";
        var response = postSigned(body);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(3, json(response.body()).get("accepted").asInt());
        oneSignal.verify(1, postRequestedFor(urlEqualTo("/apps/app-123/custom_events"))
                .withHeader("Authorization", equalTo("Key " + API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"events\":["
                        + "{\"name\":\"Add to Cart\",\"external_id\":\"u-7\",\"timestamp\":\"2024-03-01T10:00:00.000Z\","
                        + "\"properties\":{\"product_name\":\"Sunglasses\",\"brand\":\"Rayban\"},\"idempotency_key\":\"" + key("m-7") + "\"},"
                        + "{\"name\":\"Order Completed\",\"external_id\":\"u-9\","
                        + "\"properties\":{\"order\":{\"id\":\"A1\",\"items\":[1,2]},\"revenue\":39.95},\"idempotency_key\":\"" + key("m-9") + "\"}"
                        + "]}")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-7"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"product_name\":\"Sunglasses\",\"brand\":\"Rayban\"}}}")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-8")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-9"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"revenue\":\"39.95\"}}}")));
    }

    @Test
    void anOversizedCustomEventIsReportedAndItsTagsStillGo() throws Exception {
        String big = "x".repeat(2100);
        var response = postSigned("{\"type\":\"track\",\"userId\":\"u-b\",\"event\":\"Big\",\"messageId\":\"m-b\","
                + "\"properties\":{\"blob\":\"" + big + "\"}}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = json(response.body());
        assertEquals(1, answer.get("accepted").asInt());
        assertEquals(0, answer.at("/droppedCustomEvents/0/index").asInt());
        assertEquals("m-b", answer.at("/droppedCustomEvents/0/messageId").asText());
        assertTrue(answer.at("/droppedCustomEvents/0/reason").asText().contains("over OneSignal's limit of 2024"));
        oneSignal.verify(0, postRequestedFor(urlPathEqualTo("/apps/app-123/custom_events")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-b")));
    }

    @Test
    void aTrackWithNeitherTagsNorASendableCustomEventReportsBoth() throws Exception {
        var response = postSigned("{\"type\":\"track\",\"userId\":\"u-x\",\"event\":\"Big\",\"messageId\":\"m-x\","
                + "\"properties\":{\"o\":{\"blob\":\"" + "y".repeat(2100) + "\"}}}");
        JsonNode answer = json(response.body());
        assertEquals(0, answer.get("accepted").asInt(), response.body());
        assertEquals("no tags left to write", answer.at("/dropped/0/reason").asText());
        assertTrue(answer.at("/droppedCustomEvents/0/reason").asText().startsWith("custom event is "), response.body());
        assertEquals(0, oneSignal.getAllServeEvents().size());
    }

    @Test
    void perEventErrorsOfAnAcceptedCallAreReported() throws Exception {
        oneSignal.stubFor(post(urlPathEqualTo("/apps/app-123/custom_events")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"errors\":[{\"event_user_id\":\"ghost\","
                        + "\"event_id\":\"e-1\",\"error\":{\"code\":\"not found\",\"title\":\"failed to find a onesignal_id for user_id ghost\"}}]}")));
        String body = "[{\"type\":\"track\",\"userId\":\"ok\",\"event\":\"E\",\"messageId\":\"m-ok\",\"properties\":{\"a\":1}},"
                + "{\"type\":\"track\",\"userId\":\"ghost\",\"event\":\"E\",\"messageId\":\"m-ghost\",\"properties\":{\"a\":2}}]";
        var response = postSigned(body);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(json("[{\"index\":1,\"messageId\":\"m-ghost\",\"reason\":\"OneSignal: not found: failed to find a onesignal_id for user_id ghost\"}]"),
                json(response.body()).get("droppedCustomEvents"));
    }

    @Test
    void aCustomEventsCallOneSignalCannotTakeNowAnswers503() {
        oneSignal.stubFor(post(urlPathEqualTo("/apps/app-123/custom_events")).willReturn(aResponse().withStatus(500)));
        var response = postSigned("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"a\":1}}");
        assertEquals(503, response.statusCode(), response.body());
    }

    @Test
    void aTrackWithoutPropertiesStillBecomesACustomEvent() throws Exception {
        var response = postSigned("{\"type\":\"track\",\"userId\":\"u-n\",\"event\":\"Logged In\",\"messageId\":\"m-n\"}");
        JsonNode answer = json(response.body());
        assertEquals(1, answer.get("accepted").asInt(), response.body());
        oneSignal.verify(0, patchRequestedFor(anyUrl()));
        oneSignal.verify(1, postRequestedFor(urlEqualTo("/apps/app-123/custom_events")).withRequestBody(equalToJson(
                "{\"events\":[{\"name\":\"Logged In\",\"external_id\":\"u-n\",\"properties\":{},\"idempotency_key\":\"" + key("m-n") + "\"}]}")));
    }

    // --- tag limit ------------------------------------------------------------------------------------------

    @Test
    void tagsOverTheLimitAreDroppedAndReportedByName() throws Exception {
        var response = postSigned("{\"type\":\"identify\",\"userId\":\"u-o\",\"messageId\":\"m-o\",\"traits\":"
                + "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"lastName\":\"L\",\"e\":5,\"firstName\":\"F\"}}");
        assertEquals(200, response.statusCode(), response.body());
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-o")).withRequestBody(equalToJson(
                "{\"properties\":{\"tags\":{\"last_name\":\"L\",\"first_name\":\"F\",\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}}")));
        String reason = "over the limit of 5 tags per event (ONESIGNAL_TAG_LIMIT)";
        assertEquals(json("[{\"index\":0,\"messageId\":\"m-o\",\"key\":\"d\",\"reason\":\"" + reason + "\"},"
                + "{\"index\":0,\"messageId\":\"m-o\",\"key\":\"e\",\"reason\":\"" + reason + "\"}]"),
                json(response.body()).get("omittedTags"));
    }

    // --- several sources ------------------------------------------------------------------------------------

    @Test
    void aNamedSourceUsesItsOwnSecretAndOneSignalApp() throws Exception {
        String body = "{\"type\":\"identify\",\"userId\":\"u-w\",\"traits\":{\"plan\":\"web\"}}";
        var ok = bridge.post("/v1/segment/web", body, "X-Signature", Hmac.sha1Hex(WEB_SECRET, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, ok.statusCode(), ok.body());
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-web/users/by/external_id/u-w"))
                .withHeader("Authorization", equalTo("Key " + WEB_KEY))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"plan\":\"web\"}}}")));

        var defaultSecret = bridge.post("/v1/segment/web", body, "X-Signature", Hmac.sha1Hex(SECRET, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, defaultSecret.statusCode());
        var webSecretOnDefault = bridge.post("/v1/segment", body, "X-Signature", Hmac.sha1Hex(WEB_SECRET, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, webSecretOnDefault.statusCode());
        assertEquals(1, oneSignal.getAllServeEvents().size());
    }

    @Test
    void aNamedSourcesAudienceAndCustomEventsGoToItsApp() {
        oneSignal.stubFor(get(urlPathEqualTo("/apps/app-web/segments")).willReturn(okJson(
                "{\"total_count\":0,\"offset\":0,\"limit\":300,\"segments\":[]}")));
        oneSignal.stubFor(post(urlEqualTo("/apps/app-web/segments")).willReturn(aResponse().withStatus(201).withBody("{\"success\":true}")));
        oneSignal.stubFor(post(urlEqualTo("/apps/app-web/custom_events")).willReturn(aResponse().withStatus(202).withBody("{}")));
        String body = "{\"type\":\"track\",\"userId\":\"u-wa\",\"event\":\"Audience Entered\",\"messageId\":\"m-wa\","
                + "\"properties\":{\"audience_key\":\"web_fans\",\"web_fans\":true}}";
        var ok = bridge.post("/v1/segment/web", body, "X-Signature", Hmac.sha1Hex(WEB_SECRET, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, ok.statusCode(), ok.body());
        oneSignal.verify(1, getRequestedFor(urlEqualTo("/apps/app-web/segments?offset=0&limit=300"))
                .withHeader("Authorization", equalTo("Key " + WEB_KEY)));
        oneSignal.verify(1, postRequestedFor(urlEqualTo("/apps/app-web/segments"))
                .withHeader("Authorization", equalTo("Key " + WEB_KEY)).withRequestBody(equalToJson(segmentBody("web_fans"))));
        oneSignal.verify(1, postRequestedFor(urlEqualTo("/apps/app-web/custom_events"))
                .withHeader("Authorization", equalTo("Key " + WEB_KEY)));
        oneSignal.verify(0, postRequestedFor(urlPathEqualTo("/apps/app-123/custom_events")));
    }

    @Test
    void anUnknownSourceIs404Json() throws Exception {
        String body = "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}";
        var response = bridge.post("/v1/segment/nope", body, "X-Signature", Hmac.sha1Hex(SECRET, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("unknown Segment source: nope", json(response.body()).get("error").asText());
        assertEquals(0, oneSignal.getAllServeEvents().size());
    }

    @Test
    void anyOfTheDefaultSourcesSecretsIsAccepted() {
        String body = "{\"type\":\"identify\",\"userId\":\"u-r\",\"traits\":{\"a\":\"1\"}}";
        var response = bridge.post("/v1/segment", body, "X-Signature", Hmac.sha1Hex(OTHER_SECRET, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, response.statusCode(), response.body());
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-r"))
                .withHeader("Authorization", equalTo("Key " + API_KEY)));
    }

    // --- Segment-compatible HTTP API -------------------------------------------------------------------------

    static String basic(String writeKey) {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> api(String path, String body) {
        return bridge.post(path, body, "Authorization", basic(WRITE_KEY));
    }

    @Test
    void identifyAndTrackOverTheHttpApiTakeTheTypeFromThePath() throws Exception {
        var identify = api("/v1/identify", "{\"userId\":\"u-h1\",\"traits\":{\"plan\":\"pro\"},\"writeKey\":\"ignored\"}");
        assertEquals(200, identify.statusCode(), identify.body());
        assertEquals(json("{\"success\":true,\"accepted\":1,\"dropped\":[],\"omittedTags\":[]}"), json(identify.body()));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-h1"))
                .withHeader("Authorization", equalTo("Key " + API_KEY))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"plan\":\"pro\"}}}")));

        var track = api("/v1/track", "{\"type\":\"identify\",\"userId\":\"u-h2\",\"event\":\"Clicked\",\"messageId\":\"m-h2\",\"properties\":{\"b\":\"x\"}}");
        assertEquals(200, track.statusCode(), track.body());
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-h2"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"b\":\"x\"}}}")));
        oneSignal.verify(1, postRequestedFor(urlEqualTo("/apps/app-123/custom_events")).withRequestBody(equalToJson(
                "{\"events\":[{\"name\":\"Clicked\",\"external_id\":\"u-h2\",\"properties\":{\"b\":\"x\"},\"idempotency_key\":\"" + key("m-h2") + "\"}]}")));
    }

    @Test
    void groupOverTheHttpApiWritesAGroupIdTag() {
        var group = api("/v1/group", "{\"userId\":\"u-g\",\"groupId\":\"acct-1\",\"traits\":{\"tier\":\"gold\"}}");
        assertEquals(200, group.statusCode(), group.body());
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-g"))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"group_id\":\"acct-1\",\"tier\":\"gold\"}}}")));
    }

    @Test
    void pageScreenAndAliasAreAcceptedAndReportedAsUnsupported() throws Exception {
        for (String type : new String[] {"page", "screen", "alias"}) {
            var response = api("/v1/" + type, "{\"userId\":\"u\",\"messageId\":\"m-" + type + "\",\"name\":\"Home\"}");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(json("{\"success\":true,\"accepted\":0,\"dropped\":[{\"index\":0,\"messageId\":\"m-" + type
                    + "\",\"reason\":\"unsupported type: " + type + "\"}],\"omittedTags\":[]}"), json(response.body()));
        }
        assertEquals(0, oneSignal.getAllServeEvents().size());
    }

    @Test
    void batchOverTheHttpApiSharesItsTopLevelContext() throws Exception {
        String body = "{\"batch\":["
                + "{\"type\":\"identify\",\"userId\":\"u-b1\",\"traits\":{\"a\":\"1\"}},"
                + "{\"type\":\"identify\",\"userId\":\"u-b2\",\"traits\":{\"first_shopper\":true}},"
                + "{\"type\":\"page\",\"userId\":\"u-b3\"}],"
                + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"first_shopper\"}}}";
        var response = api("/v1/batch", body);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2, json(response.body()).get("accepted").asInt());
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-b1")));
        oneSignal.verify(1, patchRequestedFor(urlEqualTo("/apps/app-123/users/by/external_id/u-b2")));
        // the shared context makes the identifies audience calls: one segment for the request
        oneSignal.verify(1, postRequestedFor(urlEqualTo("/apps/app-123/segments")).withRequestBody(equalToJson(segmentBody("first_shopper"))));
    }

    @Test
    void theHttpApiWantsAKnownWriteKey() throws Exception {
        String body = "{\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}";
        var missing = bridge.post("/v1/identify", body);
        assertEquals(401, missing.statusCode());
        assertEquals("missing write key: send Authorization: Basic <write key> or \"writeKey\" in the body",
                json(missing.body()).get("error").asText());
        assertEquals("unauthorized", json(missing.body()).get("code").asText());
        var wrong = bridge.post("/v1/identify", body, "Authorization", basic("not-a-key"));
        assertEquals(401, wrong.statusCode());
        assertEquals("unknown write key", json(wrong.body()).get("error").asText());
        assertFalse(wrong.body().contains(WRITE_KEY));
        var other = bridge.post("/v1/identify", body, "Authorization", basic("wk-other"));
        assertEquals(200, other.statusCode(), other.body());
        var bad = api("/v1/batch", "{\"batch\":{}}");
        assertEquals(400, bad.statusCode());
        assertEquals(1, oneSignal.getAllServeEvents().size());
        oneSignal.verify(1, patchRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Key " + API_KEY)));
    }
}
