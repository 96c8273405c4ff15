package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import liqp.Template;
import liqp.TemplateParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sobridge.json.Json;

/**
 * README's OneSignal Event Streams template, exactly as README shows it, rendered by a Java Liquid engine (liqp) for
 * messages whose texts hold quotes, backslashes, newlines and emoji and have no English text; each rendered body goes
 * to the bridge, and the Segment track it becomes is checked at a WireMock Segment. A body that is still not JSON is
 * kept in the dead-letter file before its 400.
 */
class EventStreamsTemplateTest {

    static final String TOKEN = "template-token";
    static final String WRITE_KEY = "WK-template";
    static final String ADMIN = "template-admin";
    static final Path DEAD_LETTERS = Path.of("target", "dead-letters-event-streams-" + System.nanoTime());
    static final String START = "<!-- onesignal-event-streams-template -->";
    static final String END = "<!-- /onesignal-event-streams-template -->";

    static WireMockServer segment;
    static RunningBridge bridge;
    static int managementPort;

    @BeforeAll
    static void start() {
        segment = new WireMockServer(wireMockConfig().dynamicPort());
        segment.start();
        managementPort = RunningBridge.freePort();
        bridge = RunningBridge.start(Map.of(
                "segment.api-url", "http://127.0.0.1:" + segment.port(),
                "segment.write-key", WRITE_KEY,
                "onesignal.events-token", TOKEN,
                "bridge.admin-token", ADMIN,
                "dead-letter.dir", DEAD_LETTERS.toString(),
                "camel.management.enabled", "true",
                "camel.management.host", "127.0.0.1",
                "camel.management.port", String.valueOf(managementPort)));
    }

    @AfterAll
    static void stop() {
        bridge.close();
        segment.stop();
    }

    @BeforeEach
    void reset() {
        segment.resetAll();
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
    }

    /** The Liquid between README's markers, without its code fence. */
    static String readmeTemplate() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertTrue(start >= 0 && end > start, "README.md must hold the template between " + START + " and " + END);
        String block = readme.substring(start + START.length(), end).strip();
        assertTrue(block.startsWith("```liquid\n") && block.endsWith("\n```"), "a ```liquid code block: " + block);
        return block.substring("```liquid\n".length(), block.length() - "\n```".length());
    }

    static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** OneSignal's template variables for one message event. */
    static Map<String, Object> variables(String id, String kind, String deviceType, String externalId,
            Map<String, Object> message, String language) {
        Map<String, Object> event = map("id", id, "kind", kind, "timestamp", 1709287200L,
                "datetime", "2024-03-01T10:00:00.000Z", "app_id", "app-123", "subscription_id", "sub-" + id,
                "subscription_device_type", deviceType, "onesignal_id", "os-" + id, "external_id", externalId);
        Map<String, Object> user = language == null ? map() : map("language", language);
        return map("event", event, "message", message, "user", user);
    }

    /** name, template variables, expected Segment event, expected identity and properties (exact). */
    static Stream<Arguments> messages() {
        String pushTitle = "Grüße, \"Ana\"! C:\\Pfad\\neu 😀\nZeile 2";
        String pushContents = "Nur heute:\t-20 % \\o/ \"jetzt\"\r\n🚀";
        String subject = "Your \"March\" news \\ digest 📰\nsecond line";
        String sms = "Código: \"4711\"\n\\ 🙂";
        String inAppName = "In-app \"promo\" \\ 🎉\nspring";
        return Stream.of(
                Arguments.of("push clicked, German and French only, user in French",
                        variables("e-push", "message.push.clicked", "iOS", "u-\"1\"\\a",
                                map("id", "msg-push", "name", "Spring \"promo\"", "template_id", "tpl-1",
                                        "title", map("de", pushTitle, "fr", "Bonjour \"Ana\" 😀\n2"),
                                        "contents", map("de", pushContents, "fr", "Aujourd'hui \\ seulement")),
                                "fr"),
                        "Push Clicked", map("userId", "u-\"1\"\\a"),
                        map("userId", "u-\"1\"\\a", "messageId", "msg-push", "campaign_id", "msg-push",
                                "message_name", "Spring \"promo\"", "message_title", "Bonjour \"Ana\" 😀\n2",
                                "message_contents", "Aujourd'hui \\ seulement", "subscription_type", "Push",
                                "template_id", "tpl-1", "subscription_id", "sub-e-push", "device_type", "iOS",
                                "language", "fr", "message_type", "push")),
                Arguments.of("push received, no en and the user's language missing: the first text",
                        variables("e-push2", "message.push.received", "Android", "u-2",
                                map("id", "msg-push2", "name", "N", "title", map("de", pushTitle, "es", "Hola"),
                                        "contents", map("de", pushContents)),
                                "it"),
                        "Push Received", map("userId", "u-2"),
                        map("userId", "u-2", "messageId", "msg-push2", "campaign_id", "msg-push2",
                                "message_name", "N", "message_title", pushTitle, "message_contents", pushContents,
                                "subscription_type", "Push", "subscription_id", "sub-e-push2",
                                "device_type", "Android", "language", "it", "message_type", "push")),
                Arguments.of("email opened: the title is the subject string, anonymous",
                        variables("e-mail", "message.email.opened", "Email", "",
                                map("id", "msg-mail", "name", "Newsletter \\ \"03\"", "title", subject), null),
                        "Email Opened", map("anonymousId", "sub-e-mail"),
                        map("anonymousId", "sub-e-mail", "messageId", "msg-mail", "campaign_id", "msg-mail",
                                "message_name", "Newsletter \\ \"03\"", "message_title", subject,
                                "subscription_type", "Email", "subscription_id", "sub-e-mail",
                                "device_type", "Email", "message_type", "email")),
                Arguments.of("SMS delivered: contents in Spanish only",
                        variables("e-sms", "message.sms.delivered", "SMS", "u-sms",
                                map("id", "msg-sms", "name", "OTP", "contents", map("es", sms)), "de"),
                        "SMS Delivered", map("userId", "u-sms"),
                        map("userId", "u-sms", "messageId", "msg-sms", "campaign_id", "msg-sms",
                                "message_name", "OTP", "message_contents", sms, "subscription_type", "SMS",
                                "subscription_id", "sub-e-sms", "device_type", "SMS", "language", "de",
                                "message_type", "sms")),
                Arguments.of("in-app clicked: a name with quotes, no title or contents",
                        variables("e-iam", "message.iam.clicked", "iOS", "u-iam",
                                map("id", "msg-iam", "name", inAppName), "en"),
                        "In-App Message Clicked", map("userId", "u-iam"),
                        map("userId", "u-iam", "messageId", "msg-iam", "campaign_id", "msg-iam",
                                "message_name", inAppName, "subscription_type", "In-App",
                                "subscription_id", "sub-e-iam", "device_type", "iOS", "language", "en",
                                "message_type", "in-app")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void readmesTemplateRendersABodyTheBridgeTurnsIntoTheTrack(String name, Map<String, Object> variables,
            String segmentEvent, Map<String, Object> identity, Map<String, Object> properties) throws Exception {
        Template template = new TemplateParser.Builder().build().parse(readmeTemplate());
        String body = template.render(variables);

        var response = bridge.post("/v1/onesignal/events", body, "Authorization", "Bearer " + TOKEN);
        assertEquals(200, response.statusCode(), response.body() + "\nrendered:\n" + body);
        assertEquals(1, Json.mapper().readTree(response.body()).get("accepted").asInt(), response.body());

        String basic = "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
        segment.verify(1, postRequestedFor(urlEqualTo("/v1/batch"))
                .withHeader("Authorization", equalTo(basic))
                .withHeader("Content-Type", equalTo("application/json")));
        JsonNode batch = Json.mapper().readTree(segment.getAllServeEvents().get(0).getRequest().getBodyAsString()).get("batch");
        assertEquals(1, batch.size());
        JsonNode track = batch.get(0);
        String eventId = (String) ((Map<?, ?>) variables.get("event")).get("id");
        ObjectNode expected = Json.mapper().createObjectNode().put("type", "track").put("event", segmentEvent);
        identity.forEach((k, v) -> expected.put(k, (String) v));
        expected.put("messageId", "onesignal-" + eventId).put("timestamp", "2024-03-01T10:00:00.000Z");
        expected.set("properties", Json.mapper().valueToTree(properties));
        expected.set("context", track.get("context"));
        assertEquals(expected, track, "rendered:\n" + body);
        assertEquals(List.of("library", "integration"), iterable(track.get("context").fieldNames()));
    }

    static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void aBodyThatIsStillNotJsonIsKeptWholeInTheDeadLetterFileBeforeThe400() throws Exception {
        // what a naive template makes of a title with quotes
        String notJson = "{\"event\": {\"id\": \"e-bad\", \"kind\": \"message.push.clicked\", \"external_id\": \"u\"},\n"
                + " \"message\": {\"title\": \"say \"hi\" 😀\"}}";
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Instant before = Instant.now();

        var first = bridge.post("/v1/onesignal/events", notJson, "Authorization", "Bearer " + TOKEN);
        assertEquals(400, first.statusCode(), first.body());
        assertTrue(Json.mapper().readTree(first.body()).get("error").asText().startsWith("body is not valid JSON"), first.body());
        var second = bridge.post("/v1/onesignal/events", notUtf8, "Authorization", "Bearer " + TOKEN);
        assertEquals(400, second.statusCode(), second.body());
        assertEquals(0, segment.getAllServeEvents().size());

        // written before the answers: no waiting
        List<String> lines = deadLetterLines();
        assertEquals(2, lines.size(), String.join("", lines));
        JsonNode text = Json.mapper().readTree(lines.get(0));
        assertEquals("onesignal-to-segment", text.get("direction").asText());
        assertEquals(Json.mapper().readTree(first.body()).get("error").asText(), text.get("reason").asText());
        assertTrue(!Instant.parse(text.get("time").asText()).isBefore(before.minusSeconds(1)), lines.get(0));
        assertEquals(notJson, text.get("body").asText());
        assertTrue(!text.has("event"), lines.get(0));
        JsonNode bytes = Json.mapper().readTree(lines.get(1));
        assertArrayEquals(notUtf8, Base64.getDecoder().decode(bytes.get("bodyBase64").asText()));

        String metrics = RunningBridge.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics")).timeout(Duration.ofSeconds(10)).build()).body();
        assertTrue(metrics.contains("bridge_requests_unreadable_total{direction=\"onesignal-to-segment\"} 2.0"), metrics);
        assertTrue(metrics.contains("bridge_events_dead_lettered_total{direction=\"onesignal-to-segment\"} 2.0"), metrics);

        // a replay sends the kept body again; still not JSON: listed as failed, not dead-lettered a second time
        var replay = RunningBridge.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + "/admin/replay"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("", lines))).timeout(Duration.ofSeconds(30)).build());
        assertEquals(200, replay.statusCode(), replay.body());
        JsonNode answer = Json.mapper().readTree(replay.body());
        assertEquals(2, answer.get("failed").asInt(), replay.body());
        assertTrue(answer.at("/results/0/error").asText().startsWith("body is not valid JSON"), replay.body());
        assertEquals(2, deadLetterLines().size());

        // fixed in the line, the same body goes through
        String fixed = lines.get(0).replace("\\\"hi\\\"", "\\\\\\\"hi\\\\\\\"");
        var fixedReplay = RunningBridge.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + "/admin/replay"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(fixed)).timeout(Duration.ofSeconds(30)).build());
        assertEquals(200, fixedReplay.statusCode(), fixedReplay.body());
        assertEquals(0, Json.mapper().readTree(fixedReplay.body()).get("failed").asInt(), fixedReplay.body());
        JsonNode track = Json.mapper().readTree(segment.getAllServeEvents().get(0).getRequest().getBodyAsString()).at("/batch/0");
        assertEquals("say \"hi\" 😀", track.at("/properties/message_title").asText());
    }

    static List<String> deadLetterLines() throws Exception {
        if (!Files.isDirectory(DEAD_LETTERS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(DEAD_LETTERS)) {
            List<Path> all = files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).sorted().toList();
            List<String> lines = new java.util.ArrayList<>();
            for (Path file : all) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).map(l -> l + "\n")
                        .forEach(lines::add);
            }
            return lines;
        }
    }

    @Test
    void theTemplateInTheReadmeIsTheOneTested() throws Exception {
        String template = readmeTemplate();
        assertTrue(template.contains("replace: bs, bs2 | replace: q, bq"), template);
        assertTrue(!template.contains("message.title.en") && !template.contains("message.contents.en"), template);
        // with no variables at all it still renders JSON, every field an empty string
        String rendered = new TemplateParser.Builder().build().parse(template).render(new HashMap<String, Object>());
        JsonNode json = Json.mapper().readTree(rendered);
        assertEquals("", json.at("/message/title").asText());
        assertEquals("", json.at("/message/contents").asText());
        assertEquals("", json.at("/event/external_id").asText());
    }
}
