package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/**
 * The Segment-compatible HTTP API driven by Segment's official Java library (com.segment.analytics.java:analytics
 * 3.5.4), a sender we did not write, with OneSignal faked by WireMock.
 *
 * <p>What the library does (its source, and {@link #whatTheLibraryPutsOnTheWire}): {@code endpoint(host)} makes it
 * POST to {@code host + "/v1/import/"}, and it sends the write key only in the body ({@code "writeKey"}), never as
 * {@code Authorization: Basic}. The bridge serves that path and reads that key, so the library is used exactly as a
 * user configures it, {@code endpoint(bridge)} and nothing else; its real batches, serialisation (Gson) and
 * callbacks go through the real bridge. (The OkHttp client given to it only records the bridge's answers.)
 */
class SegmentJavaSdkTest {

    static final String WRITE_KEY = "wk-java-sdk";
    static final String API_KEY = "os_v2_app_javasdk";
    static final String APP = "app-java";
    static final String USERS = "/apps/" + APP + "/users/by/external_id/";
    static final Duration SETTLE = Duration.ofSeconds(60);

    static WireMockServer oneSignal;
    static WireMockServer fakeSegment;
    static RunningBridge bridge;

    private final List<Analytics> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        oneSignal = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(40));
        oneSignal.start();
        fakeSegment = new WireMockServer(wireMockConfig().dynamicPort());
        fakeSegment.start();
        bridge = RunningBridge.start(Map.ofEntries(
                Map.entry("onesignal.api-url", "http://127.0.0.1:" + oneSignal.port()),
                Map.entry("onesignal.api-key", API_KEY),
                Map.entry("onesignal.app-id", APP),
                Map.entry("bridge.write-keys", WRITE_KEY),
                Map.entry("group.tags", "on"),
                Map.entry("onesignal.retry-delay-ms", "20"),
                Map.entry("onesignal.user-write-interval-ms", "1"),
                Map.entry("dead-letter.dir", "target/dead-letters-java-sdk")));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        oneSignal.stop();
        fakeSegment.stop();
    }

    @BeforeEach
    void reset() {
        bridge.context().getRegistry().lookupByNameAndType("oneSignalCircuitBreaker", CircuitBreaker.class).reset();
        oneSignal.resetAll();
        oneSignal.stubFor(patch(urlPathMatching("/apps/" + APP + "/users/by/external_id/[^/]+")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"properties\":{}}")));
        fakeSegment.resetAll();
        fakeSegment.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"success\":true}")));
    }

    @AfterEach
    void shutDownClients() {
        clients.forEach(Analytics::shutdown);
    }

    // ---- the library as its README configures it --------------------------------------------------------------

    @Test
    void whatTheLibraryPutsOnTheWire() throws Exception {
        Outcomes outcomes = new Outcomes();
        Analytics analytics = client(b -> b.endpoint("http://127.0.0.1:" + fakeSegment.port()).flushQueueSize(2),
                outcomes);
        for (int i = 1; i <= 5; i++) {
            analytics.enqueue(IdentifyMessage.builder().userId("w-" + i).traits(Map.of("score", 1.5e-7)));
        }
        analytics.flush();
        outcomes.awaitSettled(5);
        assertEquals(5, outcomes.successes.size());
        assertTrue(outcomes.failures.isEmpty(), outcomes.failures.toString());

        List<LoggedRequest> uploads = fakeSegment.findAll(anyRequestedFor(anyUrl()));
        List<Integer> batchSizes = new ArrayList<>();
        Set<Integer> sequences = new HashSet<>();
        for (LoggedRequest upload : uploads) {
            assertEquals("POST", upload.getMethod().getName());
            assertEquals("/v1/import/", upload.getUrl(), "the library posts to /v1/import/, not /v1/batch");
            assertEquals("application/json; charset=UTF-8", upload.getHeader("Content-Type"));
            assertEquals("analytics-java/3.5.4", upload.getHeader("User-Agent"));
            assertFalse(upload.containsHeader("Authorization"), "the write key is not sent as Basic auth");
            assertFalse(upload.containsHeader("Content-Encoding"), "the request body is not compressed");
            assertEquals("gzip", upload.getHeader("Accept-Encoding"), "OkHttp's transparent response gzip");
            String text = new String(upload.getBody(), StandardCharsets.UTF_8);
            assertTrue(text.contains("\"score\":1.5E-7"), "Gson writes doubles with an exponent: " + text);
            JsonNode body = Json.mapper().readTree(text);
            assertEquals(Set.of("batch", "sentAt", "context", "sequence", "writeKey"), fieldNames(body));
            assertEquals(WRITE_KEY, body.get("writeKey").asText());
            assertEquals("analytics-java", body.at("/context/library/name").asText());
            assertEquals("3.5.4", body.at("/context/library/version").asText());
            sequences.add(body.get("sequence").asInt());
            batchSizes.add(body.get("batch").size());
            for (JsonNode event : body.get("batch")) {
                assertEquals("identify", event.get("type").asText());
                assertTrue(event.hasNonNull("messageId") && event.hasNonNull("timestamp"), event.toString());
            }
        }
        assertEquals(List.of(2, 2, 1), batchSizes, "flushQueueSize(2): full batches of 2, then the flush()");
        assertEquals(3, sequences.size(), "each batch has its own sequence number");
        assertEquals(0, oneSignal.getAllServeEvents().size());
    }

    /**
     * As a user configures it: {@code endpoint(bridge)} posts to {@code /v1/import/} with the write key in the body
     * and no Authorization header; the bridge answers 200 and delivers.
     */
    @Test
    void endpointAsDocumentedPostsToV1ImportAndIsDelivered() {
        Outcomes outcomes = new Outcomes();
        BridgeAnswers answers = new BridgeAnswers();
        Analytics analytics = client(b -> b.endpoint(bridgeUrl()).client(http(answers)), outcomes);
        analytics.enqueue(IdentifyMessage.builder().userId("u-import").traits(Map.of("plan", "pro")));
        analytics.flush();
        outcomes.awaitSettled(1);

        assertEquals(1, outcomes.successes.size(), outcomes.failures.toString());
        assertEquals(0, outcomes.failures.size());
        assertEquals(1, answers.seen.size());
        BridgeAnswer answer = answers.seen.peek();
        assertEquals("/v1/import/", answer.path());
        assertEquals(200, answer.status(), answer.body());
        oneSignal.verify(1, patchRequestedFor(urlEqualTo(USERS + "u-import"))
                .withHeader("Authorization", equalTo("Key " + API_KEY))
                .withRequestBody(equalToJson("{\"properties\":{\"tags\":{\"plan\":\"pro\"}}}")));
    }

    /** A wrong write key in the body is refused (401, not retried by the library) and nothing reaches OneSignal. */
    @Test
    void aWrongWriteKeyInTheBodyIsRefused() {
        Outcomes outcomes = new Outcomes();
        BridgeAnswers answers = new BridgeAnswers();
        Analytics.Builder builder = Analytics.builder("not-the-key").callback(outcomes).flushInterval(1, TimeUnit.HOURS)
                .endpoint(bridgeUrl()).client(http(answers));
        Analytics analytics = builder.build();
        clients.add(analytics);
        analytics.enqueue(IdentifyMessage.builder().userId("u-nokey").traits(Map.of("plan", "pro")));
        analytics.flush();
        outcomes.awaitSettled(1);

        assertEquals(0, outcomes.successes.size());
        assertEquals(1, outcomes.failures.size());
        assertEquals(401, answers.seen.peek().status());
        assertTrue(answers.seen.peek().body().contains("\"code\""), answers.seen.peek().body());
        assertEquals(0, oneSignal.getAllServeEvents().size());
    }

    // ---- the library as a user configures it: its real batches through the real bridge ------------------------------

    @Test
    void everyCallTypeFromTheLibraryBecomesTheExpectedPatchOrDrop() throws Exception {
        Outcomes outcomes = new Outcomes();
        BridgeAnswers answers = new BridgeAnswers();
        Analytics analytics = client(b -> b.endpoint(bridgeUrl()).client(http(answers)), outcomes);

        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Lyon");
        address.put("zip", "69001");
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("firstName", "Zoë");
        traits.put("lastName", "Lima");
        traits.put("plan", "pro");
        traits.put("score", 1.5e-7);
        traits.put("mood", "🚀 ship it ✨");
        traits.put("note", "Tom & Jerry <b>'x'=y</b>"); // Gson escapes these as \u0026 \u003c \u0027 \u003d
        traits.put("address", address);
        analytics.enqueue(IdentifyMessage.builder().userId("u-identify").messageId("m-identify").traits(traits));

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("product_name", "Sunglasses");
        properties.put("price", 19.9);
        properties.put("quantity", 2);
        properties.put("gift", true);
        analytics.enqueue(TrackMessage.builder("Order Completed").userId("u-track").messageId("m-track")
                .properties(properties));

        Map<String, Object> groupTraits = new LinkedHashMap<>();
        groupTraits.put("name", "Acme");
        groupTraits.put("employees", 120);
        analytics.enqueue(GroupMessage.builder("acct-42").userId("u-group").messageId("m-group").traits(groupTraits));

        analytics.enqueue(PageMessage.builder("Pricing").userId("u-page").messageId("m-page")
                .properties(Map.of("path", "/pricing")));
        analytics.enqueue(AliasMessage.builder("anon-previous").userId("u-alias").messageId("m-alias"));
        analytics.flush();
        outcomes.awaitSettled(5);

        // the library: every message uploaded (the bridge answered 200), none given up
        assertTrue(outcomes.failures.isEmpty(), outcomes.failures.toString());
        assertEquals(Set.of("m-identify", "m-track", "m-group", "m-page", "m-alias"),
                outcomes.successes.stream().map(Message::messageId).collect(Collectors.toSet()));

        // the bridge's answers to the library's batches (the library itself ignores them)
        int accepted = 0;
        Map<String, String> dropped = new LinkedHashMap<>();
        List<JsonNode> omitted = new ArrayList<>();
        for (BridgeAnswer answer : answers.seen) {
            assertEquals("/v1/import/", answer.path());
            assertEquals(200, answer.status(), answer.body());
            JsonNode body = Json.mapper().readTree(answer.body());
            accepted += body.get("accepted").asInt();
            body.get("dropped").forEach(d -> dropped.put(d.get("messageId").asText(), d.get("reason").asText()));
            body.path("omittedTags").forEach(omitted::add);
        }
        assertEquals(3, accepted);
        assertEquals(Map.of("m-page", "unsupported type: page", "m-alias", "unsupported type: alias"), dropped);
        assertEquals(1, omitted.size(), omitted.toString());
        assertEquals("m-identify", omitted.get(0).get("messageId").asText());
        assertEquals("address", omitted.get(0).get("key").asText());
        assertEquals("nested objects are not stored as tags", omitted.get(0).get("reason").asText());

        // OneSignal: one PATCH for each of the three users, exact path, headers and body; nothing else
        Map<String, String> expected = Map.of(
                "u-identify", "{\"properties\":{\"tags\":{\"first_name\":\"Zoë\",\"last_name\":\"Lima\",\"plan\":\"pro\","
                        + "\"score\":\"0.00000015\",\"mood\":\"🚀 ship it ✨\",\"note\":\"Tom & Jerry <b>'x'=y</b>\"}}}",
                "u-track", "{\"properties\":{\"tags\":{\"product_name\":\"Sunglasses\",\"price\":\"19.9\","
                        + "\"quantity\":\"2\",\"gift\":\"true\"}}}",
                "u-group", "{\"properties\":{\"tags\":{\"group_id\":\"acct-42\",\"name\":\"Acme\",\"employees\":\"120\"}}}");
        await().atMost(SETTLE).untilAsserted(() -> assertEquals(3, oneSignal.getAllServeEvents().size()));
        expected.forEach((user, body) -> oneSignal.verify(1, patchRequestedFor(urlEqualTo(USERS + user))
                .withHeader("Authorization", equalTo("Key " + API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(body))));
        assertEquals(3, oneSignal.findAll(patchRequestedFor(anyUrl())).size(), "only PATCHes");
        for (String none : List.of("u-page", "u-alias", "anon-previous")) {
            oneSignal.verify(0, anyRequestedFor(urlEqualTo(USERS + none)));
        }
    }

    @Test
    void burstOf500IdentifiesLeavesEveryUserWithItsTag() throws Exception {
        int n = 500;
        Outcomes outcomes = new Outcomes();
        BridgeAnswers answers = new BridgeAnswers();
        // the library's own batching (flushQueueSize 250 by default): the burst leaves in two /v1/import/ requests
        Analytics analytics = client(b -> b.endpoint(bridgeUrl()).client(http(answers)), outcomes);
        for (int i = 0; i < n; i++) {
            analytics.enqueue(IdentifyMessage.builder().userId("burst-" + i).traits(Map.of("seq", i)));
        }
        analytics.flush();
        outcomes.awaitSettled(n);

        assertTrue(outcomes.failures.isEmpty(), () -> outcomes.failures.size() + " failures, first: "
                + outcomes.failures.peek());
        Set<String> expectedUsers = IntStream.range(0, n).mapToObj(i -> "burst-" + i).collect(Collectors.toSet());
        List<String> succeeded = outcomes.successes.stream().map(Message::userId).toList();
        assertEquals(n, succeeded.size());
        assertEquals(expectedUsers, new HashSet<>(succeeded), "one success per message");

        int accepted = 0;
        for (BridgeAnswer answer : answers.seen) {
            assertEquals(200, answer.status(), answer.body());
            JsonNode body = Json.mapper().readTree(answer.body());
            accepted += body.get("accepted").asInt();
            assertEquals(0, body.get("dropped").size(), answer.body());
        }
        assertEquals(n, accepted);
        assertEquals(2, answers.seen.size(), "two batches of 250");

        // the final tag state of each user: its last PATCH (findAll lists requests in the order received)
        await().atMost(SETTLE).untilAsserted(() -> assertEquals(expectedUsers,
                lastPatchPerUser().keySet(), "every user got a PATCH"));
        Map<String, LoggedRequest> last = lastPatchPerUser();
        for (int i = 0; i < n; i++) {
            LoggedRequest patch = last.get("burst-" + i);
            assertEquals("PATCH", patch.getMethod().getName());
            assertEquals("Key " + API_KEY, patch.getHeader("Authorization"));
            assertEquals("application/json", patch.getHeader("Content-Type"));
            assertEquals(Json.mapper().readTree("{\"properties\":{\"tags\":{\"seq\":\"" + i + "\"}}}"),
                    Json.mapper().readTree(patch.getBodyAsString()), "burst-" + i);
        }
        // distinct users: one PATCH each, and nothing but those PATCHes
        assertEquals(n, oneSignal.findAll(patchRequestedFor(anyUrl())).size());
        assertEquals(n, oneSignal.getAllServeEvents().size());
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    static String bridgeUrl() {
        return "http://127.0.0.1:" + bridge.port();
    }

    /** The library's client with the test's Callback; flushed only when a batch is full or by flush(). */
    private Analytics client(Consumer<Analytics.Builder> configure, Outcomes outcomes) {
        Analytics.Builder builder = Analytics.builder(WRITE_KEY).callback(outcomes).flushInterval(1, TimeUnit.HOURS);
        configure.accept(builder);
        Analytics analytics = builder.build();
        clients.add(analytics);
        return analytics;
    }

    /** An OkHttp client for the library that records the bridge's answers. */
    private static OkHttpClient http(BridgeAnswers answers) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(SETTLE)
                .writeTimeout(Duration.ofSeconds(15));
        return http.addInterceptor(answers).build();
    }

    static Map<String, LoggedRequest> lastPatchPerUser() {
        Map<String, LoggedRequest> last = new LinkedHashMap<>();
        for (LoggedRequest request : oneSignal.findAll(patchRequestedFor(urlPathMatching(USERS + "[^/]+")))) {
            last.put(request.getUrl().substring(USERS.length()), request);
        }
        return last;
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** What the library's Callback reported, per message. */
    static final class Outcomes implements Callback {
        final Queue<Message> successes = new ConcurrentLinkedQueue<>();
        final Queue<Map.Entry<Message, Throwable>> failures = new ConcurrentLinkedQueue<>();

        @Override
        public void success(Message message) {
            successes.add(message);
        }

        @Override
        public void failure(Message message, Throwable throwable) {
            failures.add(Map.entry(message, throwable));
        }

        void awaitSettled(int messages) {
            await().atMost(SETTLE).until(() -> successes.size() + failures.size() >= messages);
        }
    }

    record BridgeAnswer(String path, int status, String body) {
    }

    /** The bridge's answer to each upload of the library, seen from inside its OkHttp client. */
    static final class BridgeAnswers implements Interceptor {
        final Queue<BridgeAnswer> seen = new ConcurrentLinkedQueue<>();

        @Override
        public Response intercept(Chain chain) throws IOException {
            Request request = chain.request();
            Response response = chain.proceed(request);
            seen.add(new BridgeAnswer(request.url().encodedPath(), response.code(), response.peekBody(1 << 20).string()));
            return response;
        }
    }
}
