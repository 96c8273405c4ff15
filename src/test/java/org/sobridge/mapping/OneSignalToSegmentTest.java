package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sobridge.json.Json;

class OneSignalToSegmentTest {

    private static final String CONTEXT = "\"context\":{\"library\":{\"name\":\"segment-onesignal-bridge\",\"version\":\"0.1.0\"},"
            + "\"integration\":{\"name\":\"segment-onesignal-bridge\",\"version\":\"0.1.0\"}}";

    /** A fully populated event, as the README's Liquid template renders it (every value a string). */
    private static final String BASE = """
            {"event": {"id": "evt-1", "kind": "message.push.clicked", "timestamp": "1709287200",
              "datetime": "2024-03-01T10:00:00.000Z", "app_id": "app-123", "subscription_id": "sub-1",
              "subscription_device_type": "iOS", "onesignal_id": "os-1", "external_id": "u-1"},
             "message": {"id": "msg-1", "name": "Promo", "title": "Title", "contents": "Body",
              "template_id": "tpl-1", "type": "push"},
             "user": {"language": "fr"}}
            """;

    private final OneSignalToSegment mapper = new OneSignalToSegment("0.1.0");

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String write(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** BASE with the field at a dotted path set to a JSON value, or removed when the value is null. */
    static JsonNode base(String path, String jsonValue) {
        ObjectNode root = (ObjectNode) json(BASE);
        String[] parts = path.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            parent = child instanceof ObjectNode o ? o : parent.putObject(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (jsonValue == null) {
            parent.remove(last);
        } else {
            parent.set(last, json(jsonValue));
        }
        return root;
    }

    private DataOutResult.Track track(JsonNode input) {
        return assertInstanceOf(DataOutResult.Track.class, mapper.map(input));
    }

    private static String sha40(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).substring(0, 40);
    }

    // ---------------------------------------------------------------- full documents (worked examples 27, 28)

    static Stream<Arguments> fullDocuments() {
        return Stream.of(
                Arguments.of("worked example 27: push click with External ID",
                        """
                        {"event":{"id":"6c1e0f8e-1111-4a4a-9999-000000000027","kind":"message.push.clicked",
                                  "timestamp":1709287200,"datetime":"2024-03-01T10:00:00.000Z","app_id":"app-123",
                                  "subscription_id":"sub-27","subscription_device_type":"Android","onesignal_id":"os-27","external_id":"u-27"},
                         "message":{"id":"msg-5","name":"Spring promo","title":"20% off","contents":"Today only","template_id":"tpl-1","type":"push"}}
                        """,
                        "{\"type\":\"track\",\"event\":\"Push Clicked\",\"userId\":\"u-27\","
                                + "\"messageId\":\"onesignal-6c1e0f8e-1111-4a4a-9999-000000000027\","
                                + "\"timestamp\":\"2024-03-01T10:00:00.000Z\","
                                + "\"properties\":{\"userId\":\"u-27\",\"messageId\":\"msg-5\",\"campaign_id\":\"msg-5\","
                                + "\"message_name\":\"Spring promo\",\"message_title\":\"20% off\",\"message_contents\":\"Today only\","
                                + "\"subscription_type\":\"Push\",\"template_id\":\"tpl-1\",\"subscription_id\":\"sub-27\","
                                + "\"device_type\":\"Android\",\"message_type\":\"push\"}," + CONTEXT + "}",
                        "u-27"),
                Arguments.of("worked example 28: email opened, no External ID",
                        """
                        {"event":{"id":"e-28","kind":"message.email.opened","datetime":"2024-03-01T10:00:00.000Z",
                                  "subscription_id":"sub-28","subscription_device_type":"Email","external_id":""},
                         "message":{"id":"msg-8","name":"Newsletter","title":"March news","type":"email"}}
                        """,
                        "{\"type\":\"track\",\"event\":\"Email Opened\",\"anonymousId\":\"sub-28\","
                                + "\"messageId\":\"onesignal-e-28\",\"timestamp\":\"2024-03-01T10:00:00.000Z\","
                                + "\"properties\":{\"anonymousId\":\"sub-28\",\"messageId\":\"msg-8\",\"campaign_id\":\"msg-8\","
                                + "\"message_name\":\"Newsletter\",\"message_title\":\"March news\",\"subscription_type\":\"Email\","
                                + "\"subscription_id\":\"sub-28\",\"device_type\":\"Email\",\"message_type\":\"email\"},"
                                + CONTEXT + "}",
                        "sub-28"),
                Arguments.of("README template: every value a string, language from user",
                        BASE,
                        "{\"type\":\"track\",\"event\":\"Push Clicked\",\"userId\":\"u-1\",\"messageId\":\"onesignal-evt-1\","
                                + "\"timestamp\":\"2024-03-01T10:00:00.000Z\","
                                + "\"properties\":{\"userId\":\"u-1\",\"messageId\":\"msg-1\",\"campaign_id\":\"msg-1\","
                                + "\"message_name\":\"Promo\",\"message_title\":\"Title\",\"message_contents\":\"Body\","
                                + "\"subscription_type\":\"Push\",\"template_id\":\"tpl-1\",\"subscription_id\":\"sub-1\","
                                + "\"device_type\":\"iOS\",\"language\":\"fr\",\"message_type\":\"push\"}," + CONTEXT + "}",
                        "u-1"),
                Arguments.of("minimal: only kind and subscription id; everything else omitted",
                        "{\"event\":{\"kind\":\"message.sms.delivered\",\"subscription_id\":\"sub-9\",\"id\":\"e9\"}}",
                        "{\"type\":\"track\",\"event\":\"SMS Delivered\",\"anonymousId\":\"sub-9\",\"messageId\":\"onesignal-e9\","
                                + "\"properties\":{\"anonymousId\":\"sub-9\",\"subscription_type\":\"SMS\","
                                + "\"subscription_id\":\"sub-9\",\"message_type\":\"sms\"}," + CONTEXT + "}",
                        "sub-9"),
                Arguments.of("Liquid blanks everywhere count as absent",
                        "{\"event\":{\"id\":\"e1\",\"kind\":\"message.iam.impression\",\"timestamp\":\"\",\"datetime\":\"\","
                                + "\"subscription_id\":\"sub-1\",\"subscription_device_type\":\"\",\"external_id\":\"  \"},"
                                + "\"message\":{\"id\":\"\",\"name\":\"\",\"title\":\"\",\"contents\":\"\",\"template_id\":\"\",\"type\":\"\"},"
                                + "\"user\":{\"language\":\"\"}}",
                        "{\"type\":\"track\",\"event\":\"In-App Message Displayed\",\"anonymousId\":\"sub-1\",\"messageId\":\"onesignal-e1\","
                                + "\"properties\":{\"anonymousId\":\"sub-1\",\"subscription_type\":\"In-App\","
                                + "\"subscription_id\":\"sub-1\",\"message_type\":\"in-app\"}," + CONTEXT + "}",
                        "sub-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fullDocuments")
    void mapsWholeDocuments(String name, String input, String expected, String partitionKey) {
        DataOutResult.Track track = track(json(input));
        assertEquals(expected, write(track.track()), "JSON, field order included");
        assertEquals(json(expected).path("event").asText(), track.eventName());
        assertEquals(partitionKey, track.partitionKey());
    }

    // ---------------------------------------------------------------- every kind, through the whole mapper

    static Stream<Arguments> everyKind() {
        return SegmentEventNames.kinds().entrySet().stream()
                .map(e -> Arguments.of(e.getKey(), e.getValue().segmentName(), e.getValue().channel()));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("everyKind")
    void everyKindBecomesItsTrackEvent(String kind, String name, MessageChannel channel) {
        DataOutResult.Track track = track(withKindAndNoType(kind));
        assertEquals(name, track.eventName());
        assertEquals(name, track.track().path("event").asText());
        JsonNode properties = track.track().path("properties");
        assertEquals(channel.subscriptionType(), properties.path("subscription_type").asText());
        assertEquals(channel.messageType(), properties.path("message_type").asText());
        assertEquals(channel.carriesContents(), properties.has("message_contents"),
                "message_contents only for push and SMS");
        assertEquals("Title", properties.path("message_title").asText());
    }

    private static JsonNode withKindAndNoType(String kind) {
        JsonNode input = base("event.kind", "\"" + kind.toUpperCase() + " \"");
        ((ObjectNode) input.path("message")).remove("type");
        return input;
    }

    // ---------------------------------------------------------------- each property present / absent

    static Stream<Arguments> properties() {
        return Stream.of(
                // description, path in BASE, new JSON value (null = remove), property, expected (null = absent)
                Arguments.of("userId from external_id", "event.external_id", "\"ext\"", "userId", "ext"),
                Arguments.of("no userId property when anonymous", "event.external_id", "\"\"", "userId", null),
                Arguments.of("anonymousId when no external_id", "event.external_id", "\"\"", "anonymousId", "sub-1"),
                Arguments.of("anonymousId when external_id removed", "event.external_id", null, "anonymousId", "sub-1"),
                Arguments.of("no anonymousId property when identified", "event.external_id", "\"u\"", "anonymousId", null),
                Arguments.of("messageId = message.id", "message.id", "\"m-9\"", "messageId", "m-9"),
                Arguments.of("campaign_id = message.id", "message.id", "\"m-9\"", "campaign_id", "m-9"),
                Arguments.of("messageId absent", "message.id", "\"\"", "messageId", null),
                Arguments.of("campaign_id absent", "message.id", null, "campaign_id", null),
                Arguments.of("numeric message id becomes text", "message.id", "12345", "campaign_id", "12345"),
                Arguments.of("message_name", "message.name", "\"N\"", "message_name", "N"),
                Arguments.of("message_name absent", "message.name", "\"\"", "message_name", null),
                Arguments.of("message_name as object is omitted", "message.name", "{\"en\":\"N\"}", "message_name", null),
                Arguments.of("message_title string", "message.title", "\"T\"", "message_title", "T"),
                Arguments.of("message_title localized: the user's language first", "message.title", "{\"en\":\"Hi\",\"fr\":\"Salut\"}", "message_title", "Salut"),
                Arguments.of("message_title localized: en when the user's language is missing", "message.title", "{\"de\":\"Hallo\",\"en\":\"Hi\"}", "message_title", "Hi"),
                Arguments.of("message_title localized: en when the user's text is blank", "message.title", "{\"fr\":\" \",\"en\":\"Hi\"}", "message_title", "Hi"),
                Arguments.of("message_title localized: the user's language ignores case and region", "message.title", "{\"en\":\"Hi\",\"FR-ca\":\"Allo\"}", "message_title", "Allo"),
                Arguments.of("message_title blank en → first non-blank", "message.title", "{\"en\":\"\",\"de\":\" \",\"fr\":\"Salut\"}", "message_title", "Salut"),
                Arguments.of("message_title no en → first value", "message.title", "{\"es\":\"Hola\",\"de\":\"Hallo\"}", "message_title", "Hola"),
                Arguments.of("message_title no en, en-GB → it", "message.title", "{\"es\":\"Hola\",\"en-GB\":\"Hello\"}", "message_title", "Hello"),
                Arguments.of("message_title object of blanks", "message.title", "{\"en\":\"\",\"fr\":null,\"x\":{}}", "message_title", null),
                Arguments.of("message_title empty object", "message.title", "{}", "message_title", null),
                Arguments.of("message_title array omitted", "message.title", "[\"a\"]", "message_title", null),
                Arguments.of("message_title null", "message.title", "null", "message_title", null),
                Arguments.of("message_contents localized", "message.contents", "{\"en\":\"Shop now\"}", "message_contents", "Shop now"),
                Arguments.of("message_contents localized: the user's language first", "message.contents", "{\"en\":\"Shop now\",\"fr\":\"Achetez\"}", "message_contents", "Achetez"),
                Arguments.of("message_contents localized: no en → first value", "message.contents", "{\"ja\":\"今すぐ\",\"de\":\"Jetzt\"}", "message_contents", "今すぐ"),
                Arguments.of("message_contents absent", "message.contents", null, "message_contents", null),
                Arguments.of("message_contents not for email", "event.kind", "\"message.email.sent\"", "message_contents", null),
                Arguments.of("message_contents not for in-app", "event.kind", "\"message.iam.clicked\"", "message_contents", null),
                Arguments.of("message_contents not for live activity", "event.kind", "\"message.live_activity.sent\"", "message_contents", null),
                Arguments.of("message_contents for SMS", "event.kind", "\"message.sms.sent\"", "message_contents", "Body"),
                Arguments.of("subscription_type from kind", "event.kind", "\"message.email.sent\"", "subscription_type", "Email"),
                Arguments.of("subscription_type ignores device type", "event.subscription_device_type", "\"Email\"", "subscription_type", "Push"),
                Arguments.of("template_id", "message.template_id", "\"tpl-9\"", "template_id", "tpl-9"),
                Arguments.of("template_id absent", "message.template_id", "\"\"", "template_id", null),
                Arguments.of("subscription_id", "event.subscription_id", "\"sub-9\"", "subscription_id", "sub-9"),
                Arguments.of("subscription_id absent", "event.subscription_id", "\"\"", "subscription_id", null),
                Arguments.of("device_type", "event.subscription_device_type", "\"Android\"", "device_type", "Android"),
                Arguments.of("device_type absent", "event.subscription_device_type", null, "device_type", null),
                Arguments.of("no subscription_device_type property", "event.subscription_device_type", "\"Android\"", "subscription_device_type", null),
                Arguments.of("language from user", "user.language", "\"de\"", "language", "de"),
                Arguments.of("language: user wins over event", "event.language", "\"es\"", "language", "fr"),
                Arguments.of("language from event when user has none", "event.language", "\"es\"", "language", "es"),
                Arguments.of("language absent when user blank", "user", "{\"language\":\"\"}", "language", null),
                Arguments.of("language from user.subscription", "user", "{\"subscription\":{\"language\":\"pt\"}}", "language", "pt"),
                Arguments.of("language: user.language wins over subscription", "user", "{\"language\":\"it\",\"subscription\":{\"language\":\"pt\"}}", "language", "it"),
                Arguments.of("language absent when user missing", "user", null, "language", null),
                Arguments.of("language absent when user is an array", "user", "[{\"language\":\"fr\"}]", "language", null),
                Arguments.of("message_type from message", "message.type", "\"transactional\"", "message_type", "transactional"),
                Arguments.of("message_type derived when blank", "message.type", "\"\"", "message_type", "push"),
                Arguments.of("message_type derived when object", "message.type", "{\"a\":1}", "message_type", "push"),
                Arguments.of("boolean becomes text", "message.name", "true", "message_name", "true"),
                Arguments.of("decimal becomes plain text", "message.name", "1e3", "message_name", "1000"),
                Arguments.of("strings verbatim", "message.name", "\" padded \"", "message_name", " padded "),
                Arguments.of("onesignal_id is not sent", "event.onesignal_id", "\"os-9\"", "onesignal_id", null),
                Arguments.of("app_id is not sent", "event.app_id", "\"app-9\"", "app_id", null),
                Arguments.of("subscription token is never read", "user.subscription", "{\"subscription_token\":\"a@b.c\",\"language\":\"en\"}", "subscription_token", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("properties")
    void eachProperty(String description, String path, String value, String property, String expected) {
        JsonNode input = base(path, value);
        if (description.equals("language from event when user has none")) {
            ((ObjectNode) input.path("user")).put("language", "");
        }
        JsonNode properties = track(input).track().path("properties");
        if (expected == null) {
            assertFalse(properties.has(property), () -> property + " should be absent in " + properties);
        } else {
            assertEquals(expected, properties.path(property).textValue(), property);
        }
        properties.fields().forEachRemaining(f -> assertTrue(f.getValue().isTextual() && !f.getValue().asText().isBlank(),
                () -> "property " + f.getKey() + " must be a non-blank string, was " + f.getValue()));
    }

    @Test
    void theUsersLanguageComesFromWhereTheLanguagePropertyComesFrom() {
        JsonNode input = base("message.title", "{\"en\":\"Hi\",\"pt\":\"Olá\",\"it\":\"Ciao\"}");
        ((ObjectNode) input).set("user", json("{\"subscription\":{\"language\":\"pt-BR\"}}"));
        assertEquals("Olá", track(input).track().at("/properties/message_title").asText());
        ((ObjectNode) input).set("user", json("{}"));
        ((ObjectNode) input.path("event")).put("language", "it");
        assertEquals("Ciao", track(input).track().at("/properties/message_title").asText());
        ((ObjectNode) input.path("event")).remove("language");
        assertEquals("Hi", track(input).track().at("/properties/message_title").asText());
    }

    @Test
    void propertiesKeepTheirOrder() {
        JsonNode input = base("event.external_id", "\"\"");
        List<String> names = new ArrayList<>();
        track(input).track().path("properties").fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("anonymousId", "messageId", "campaign_id", "message_name", "message_title",
                "message_contents", "subscription_type", "template_id", "subscription_id", "device_type", "language",
                "message_type"), names);
        List<String> top = new ArrayList<>();
        track(input).track().fieldNames().forEachRemaining(top::add);
        assertEquals(List.of("type", "event", "anonymousId", "messageId", "timestamp", "properties", "context"), top);
    }

    // ---------------------------------------------------------------- identity

    static Stream<Arguments> identities() {
        return Stream.of(
                Arguments.of("\"u-1\"", "\"sub-1\"", "userId", "u-1"),
                Arguments.of("\"u-1\"", "\"\"", "userId", "u-1"),
                Arguments.of("\"u-1\"", null, "userId", "u-1"),
                Arguments.of("\"\"", "\"sub-1\"", "anonymousId", "sub-1"),
                Arguments.of("\" \\t\"", "\"sub-1\"", "anonymousId", "sub-1"),
                Arguments.of("null", "\"sub-1\"", "anonymousId", "sub-1"),
                Arguments.of(null, "\"sub-1\"", "anonymousId", "sub-1"),
                Arguments.of("{\"id\":\"u\"}", "\"sub-1\"", "anonymousId", "sub-1"),
                Arguments.of("[\"u\"]", "\"sub-1\"", "anonymousId", "sub-1"),
                Arguments.of("42", "\"sub-1\"", "userId", "42"),
                Arguments.of("\"\"", "7", "anonymousId", "7"),
                Arguments.of("\"ユーザー/1\"", "\"sub-1\"", "userId", "ユーザー/1"));
    }

    @ParameterizedTest(name = "external_id={0} subscription_id={1} → {2}={3}")
    @MethodSource("identities")
    void identifiedOrAnonymous(String externalId, String subscriptionId, String field, String value) {
        JsonNode input = base("event.external_id", externalId);
        if (subscriptionId == null) {
            ((ObjectNode) input.path("event")).remove("subscription_id");
        } else {
            ((ObjectNode) input.path("event")).set("subscription_id", json(subscriptionId));
        }
        DataOutResult.Track track = track(input);
        assertEquals(value, track.track().path(field).textValue());
        assertEquals(value, track.track().path("properties").path(field).textValue());
        assertEquals(value, track.partitionKey());
        String other = field.equals("userId") ? "anonymousId" : "userId";
        assertFalse(track.track().has(other));
        assertFalse(track.track().path("properties").has(other));
    }

    // ---------------------------------------------------------------- timestamp

    static Stream<Arguments> timestamps() {
        return Stream.of(
                // datetime JSON, timestamp JSON, expected (null = omitted)
                Arguments.of("\"2024-03-01T10:00:00.000Z\"", "\"1\"", "2024-03-01T10:00:00.000Z"),
                Arguments.of("\"2024-02-21T23:45:15.228Z\"", null, "2024-02-21T23:45:15.228Z"),
                Arguments.of("\"2024-03-01T10:00:00Z\"", null, "2024-03-01T10:00:00.000Z"),
                Arguments.of("\"2024-03-01T10:00Z\"", null, "2024-03-01T10:00:00.000Z"),
                Arguments.of("\"2024-03-01T10:00:00.123456789Z\"", null, "2024-03-01T10:00:00.123Z"),
                Arguments.of("\"2024-03-01T12:00:00+02:00\"", null, "2024-03-01T10:00:00.000Z"),
                Arguments.of("\"2024-03-01T05:30:00.5-04:30\"", null, "2024-03-01T10:00:00.500Z"),
                Arguments.of("\"2024-03-01T11:00:00+01:00[Europe/Paris]\"", null, "2024-03-01T10:00:00.000Z"),
                Arguments.of("\" 2024-03-01T10:00:00Z \"", null, "2024-03-01T10:00:00.000Z"),
                Arguments.of("\"2024-03-01T10:00:00\"", null, "2024-03-01T10:00:00.000Z"),
                Arguments.of(null, "\"1709287200\"", "2024-03-01T10:00:00.000Z"),
                Arguments.of(null, "1709287200", "2024-03-01T10:00:00.000Z"),
                Arguments.of("\"\"", "\"1709287200\"", "2024-03-01T10:00:00.000Z"),
                Arguments.of("\"not a date\"", "\"1709287200\"", "2024-03-01T10:00:00.000Z"),
                Arguments.of("\"2024-13-01T10:00:00Z\"", "1709287200", "2024-03-01T10:00:00.000Z"),
                Arguments.of("\"2024-03-01\"", "1709287200", "2024-03-01T10:00:00.000Z"),
                Arguments.of("1709287200", "1709287200", "2024-03-01T10:00:00.000Z"),
                Arguments.of("{\"a\":1}", "\" 1709287200 \"", "2024-03-01T10:00:00.000Z"),
                Arguments.of(null, "1709287200.25", "2024-03-01T10:00:00.250Z"),
                Arguments.of(null, "\"1709287200.999\"", "2024-03-01T10:00:00.999Z"),
                Arguments.of(null, "0", "1970-01-01T00:00:00.000Z"),
                Arguments.of(null, "\"-86400\"", "1969-12-31T00:00:00.000Z"),
                Arguments.of(null, "\"\"", null),
                Arguments.of(null, null, null),
                Arguments.of(null, "\"soon\"", null),
                Arguments.of(null, "\"1e9\"", null),
                Arguments.of(null, "\"0x10\"", null),
                Arguments.of(null, "true", null),
                Arguments.of(null, "[1709287200]", null),
                Arguments.of(null, "{\"s\":1709287200}", null),
                Arguments.of(null, "1e999999999", null),
                Arguments.of(null, "1e-999999999", null),
                Arguments.of(null, "99999999999999999999999", null),
                Arguments.of(null, "\"999999999999999999\"", null),
                Arguments.of("\"+20000-01-01T00:00:00Z\"", null, null),
                Arguments.of("\"" + "2".repeat(100_000) + "\"", null, null));
    }

    @ParameterizedTest(name = "datetime={0} timestamp={1} → {2}")
    @MethodSource("timestamps")
    void timestamp(String datetime, String timestamp, String expected) {
        JsonNode input = base("event.datetime", datetime);
        if (timestamp == null) {
            ((ObjectNode) input.path("event")).remove("timestamp");
        } else {
            ((ObjectNode) input.path("event")).set("timestamp", json(timestamp));
        }
        ObjectNode track = track(input).track();
        if (expected == null) {
            assertFalse(track.has("timestamp"), () -> "timestamp should be omitted, was " + track.get("timestamp"));
        } else {
            assertEquals(expected, track.path("timestamp").textValue());
        }
    }

    // ---------------------------------------------------------------- messageId

    static Stream<Arguments> messageIds() throws Exception {
        String ninety = "a".repeat(90);
        String ninetyOne = "a".repeat(91);
        String huge = "x".repeat(1_000_000);
        return Stream.of(
                Arguments.of("\"6c1e0f8e-1111-4a4a-9999-000000000027\"", "onesignal-6c1e0f8e-1111-4a4a-9999-000000000027"),
                Arguments.of("\"" + ninety + "\"", "onesignal-" + ninety),
                Arguments.of("\"" + ninetyOne + "\"", "onesignal-" + sha40(ninetyOne)),
                Arguments.of("\"" + huge + "\"", "onesignal-" + sha40(huge)),
                Arguments.of("\"é" + "ü".repeat(100) + "\"", "onesignal-" + sha40("é" + "ü".repeat(100))),
                Arguments.of("12345", "onesignal-12345"));
    }

    @ParameterizedTest(name = "event.id {0}")
    @MethodSource("messageIds")
    void messageIdFromEventId(String eventId, String expected) {
        String messageId = track(base("event.id", eventId)).track().path("messageId").textValue();
        assertEquals(expected, messageId);
        assertTrue(messageId.length() <= OneSignalToSegment.MAX_MESSAGE_ID_LENGTH);
    }

    static Stream<Arguments> missingEventIds() {
        return Stream.of(Arguments.of((String) null), Arguments.of("\"\""), Arguments.of("\"  \""),
                Arguments.of("null"), Arguments.of("{\"a\":1}"), Arguments.of("[]"));
    }

    @ParameterizedTest(name = "event.id {0}")
    @MethodSource("missingEventIds")
    void messageIdWithoutEventIdIsStableAndDistinct(String eventId) {
        String first = track(base("event.id", eventId)).track().path("messageId").textValue();
        String again = track(base("event.id", eventId)).track().path("messageId").textValue();
        assertEquals(first, again, "a retried delivery keeps its messageId");
        assertTrue(first.matches("onesignal-[0-9a-f]{40}"), first);
        JsonNode other = base("event.id", eventId);
        ((ObjectNode) other.path("event")).put("timestamp", "1709287201");
        assertNotEquals(first, track(other).track().path("messageId").textValue(), "another event, another id");
    }

    // ---------------------------------------------------------------- drops

    static Stream<Arguments> drops() {
        return Stream.of(
                Arguments.of("[1,2]", OneSignalToSegment.NOT_AN_OBJECT),
                Arguments.of("\"event\"", OneSignalToSegment.NOT_AN_OBJECT),
                Arguments.of("42", OneSignalToSegment.NOT_AN_OBJECT),
                Arguments.of("null", OneSignalToSegment.NOT_AN_OBJECT),
                Arguments.of("{}", OneSignalToSegment.NO_EVENT),
                Arguments.of("{\"event\":null}", OneSignalToSegment.NO_EVENT),
                Arguments.of("{\"event\":\"message.push.clicked\"}", OneSignalToSegment.NO_EVENT),
                Arguments.of("{\"event\":[{\"kind\":\"message.push.clicked\",\"external_id\":\"u\"}]}", OneSignalToSegment.NO_EVENT),
                Arguments.of("{\"kind\":\"message.push.clicked\",\"external_id\":\"u\"}", OneSignalToSegment.NO_EVENT),
                Arguments.of("{\"event\":{\"external_id\":\"u\"}}", "unknown event kind: (missing)"),
                Arguments.of("{\"event\":{\"kind\":\"\",\"external_id\":\"u\"}}", "unknown event kind: (missing)"),
                Arguments.of("{\"event\":{\"kind\":null,\"external_id\":\"u\"}}", "unknown event kind: (missing)"),
                Arguments.of("{\"event\":{\"kind\":[\"message.push.clicked\"],\"external_id\":\"u\"}}", "unknown event kind: (missing)"),
                Arguments.of("{\"event\":{\"kind\":\"message.push.dismissed\",\"external_id\":\"u\"}}", "unknown event kind: message.push.dismissed"),
                Arguments.of("{\"event\":{\"kind\":7,\"external_id\":\"u\"}}", "unknown event kind: 7"),
                Arguments.of("{\"event\":{\"kind\":\"" + "k".repeat(5000) + "\",\"external_id\":\"u\"}}", "unknown event kind: " + "k".repeat(100) + "…"),
                Arguments.of("{\"event\":{\"kind\":\"message.push.clicked\"}}", OneSignalToSegment.NO_IDENTITY),
                Arguments.of("{\"event\":{\"kind\":\"message.push.clicked\",\"external_id\":\"\",\"subscription_id\":\"\"}}", OneSignalToSegment.NO_IDENTITY),
                Arguments.of("{\"event\":{\"kind\":\"message.push.clicked\",\"external_id\":null,\"subscription_id\":{}}}", OneSignalToSegment.NO_IDENTITY),
                Arguments.of("{\"event\":{\"kind\":\"message.email.opened\",\"subscription_id\":\" \"},"
                        + "\"user\":{\"subscription\":{\"subscription_token\":\"a@b.c\"}}}", OneSignalToSegment.NO_IDENTITY));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("drops")
    void dropsWithReason(String input, String reason) {
        DataOutResult.Dropped dropped = assertInstanceOf(DataOutResult.Dropped.class, mapper.map(json(input)));
        assertEquals(reason, dropped.reason());
    }

    @Test
    void nullInputIsDropped() {
        assertEquals(new DataOutResult.Dropped(OneSignalToSegment.NOT_AN_OBJECT), mapper.map(null));
    }

    // ---------------------------------------------------------------- hostile input never throws

    static Stream<Arguments> hostile() {
        String deep = "{\"a\":".repeat(190) + "1" + "}".repeat(190);
        return Stream.of(
                "{\"event\":{\"kind\":\"message.push.clicked\",\"external_id\":\"u\"},\"message\":[1,2],\"user\":\"x\"}",
                "{\"event\":{\"kind\":\"message.push.clicked\",\"external_id\":\"u\"},\"message\":null,\"user\":null}",
                "{\"event\":{\"kind\":\"message.push.clicked\",\"external_id\":\"u\"},\"message\":42,\"user\":[]}",
                "{\"event\":{\"kind\":\"message.push.clicked\",\"external_id\":\"u\",\"id\":" + deep + "},\"x\":" + deep + "}",
                "{\"event\":{\"kind\":\"message.push.clicked\",\"external_id\":\"u\",\"id\":[],\"datetime\":[],\"timestamp\":{},"
                        + "\"subscription_id\":[1],\"subscription_device_type\":{},\"language\":[]},"
                        + "\"message\":{\"id\":{},\"name\":[],\"title\":[[]],\"contents\":{\"en\":{}},\"template_id\":true,\"type\":[]},"
                        + "\"user\":{\"language\":{},\"subscription\":[]}}",
                "{\"event\":{\"kind\":\"message.sms.sent\",\"external_id\":\"" + "u".repeat(1_000_000) + "\","
                        + "\"datetime\":\"" + "9".repeat(1_000_000) + "\",\"timestamp\":\"" + "9".repeat(1_000_000) + "\"},"
                        + "\"message\":{\"title\":\"" + "t".repeat(1_000_000) + "\"}}",
                "{\"event\":{\"kind\":\"message.push.clicked\",\"external_id\":1.5e999999999,\"timestamp\":-1e999999999},"
                        + "\"message\":{\"name\":1e-999999999,\"title\":{\"en\":1e999999}}}",
                "{\"event\":{\"kind\":\"message.push.clicked\",\"subscription_id\":\"\\u0000\\uD800\"},\"message\":{\"name\":\"\\u202e\"}}")
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileInputIsMappedOrDropped(String input) {
        DataOutResult result = mapper.map(json(input));
        if (result instanceof DataOutResult.Track track) {
            track.track().path("properties").fields().forEachRemaining(f ->
                    assertTrue(f.getValue().isTextual() && !f.getValue().asText().isBlank(), f.getKey()));
            assertTrue(track.track().path("messageId").asText().length() <= OneSignalToSegment.MAX_MESSAGE_ID_LENGTH);
        }
    }

    @Test
    void hostileHandBuiltNodesNeverThrow() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode input = f.objectNode();
        ObjectNode event = input.putObject("event");
        event.put("kind", "message.push.clicked").put("external_id", "u");
        event.set("timestamp", DoubleNode.valueOf(Double.NaN));
        event.set("datetime", DoubleNode.valueOf(Double.POSITIVE_INFINITY));
        event.set("id", f.pojoNode(new Object() {
            @Override
            public String toString() {
                return "pojo-id";
            }
        }));
        input.putObject("message").set("name", DoubleNode.valueOf(Double.NaN));
        input.with("message").set("id", f.numberNode(new BigDecimal("1E+2147483647")));
        ObjectNode track = track(input).track();
        assertFalse(track.has("timestamp"));
        assertFalse(track.path("properties").has("message_name"));
        assertFalse(track.path("properties").has("campaign_id"));
        assertEquals("onesignal-pojo-id", track.path("messageId").asText());

        event.remove("id");
        input.set("unserialisable", f.pojoNode(new Object() {
            public String getBoom() {
                throw new IllegalStateException("boom");
            }
        }));
        assertEquals(new DataOutResult.Dropped(OneSignalToSegment.NOT_HASHABLE), mapper.map(input));
    }

    @Test
    void neverSendsAnEmailAddressOrPhoneNumber() {
        JsonNode input = json("""
                {"event":{"id":"e","kind":"message.email.opened","subscription_id":"sub-1","external_id":"",
                          "subscription_device_type":"Email"},
                 "message":{"id":"m","title":"Hi"},
                 "user":{"subscription":{"subscription_token":"jane@example.com","language":"en"},
                         "tags":{"phone":"+15551234567","email":"jane@example.com"}}}
                """);
        String output = write(track(input).track());
        assertFalse(output.contains("@"), output);
        assertFalse(output.contains("5551234567"), output);
    }

    @Test
    void eachCallBuildsAFreshDocumentAndLeavesTheInputAlone() {
        JsonNode input = json(BASE);
        String before = write(input);
        ObjectNode first = track(input).track();
        first.put("event", "tampered");
        ((ObjectNode) first.path("context").path("library")).put("version", "x");
        ObjectNode second = track(input).track();
        assertEquals("Push Clicked", second.path("event").asText());
        assertEquals("0.1.0", second.path("context").path("library").path("version").asText());
        assertEquals(before, write(input));
    }

    @Test
    void versionIsReportedInContext() {
        ObjectNode track = new OneSignalToSegment("9.9.9-SNAPSHOT").map(json(BASE)) instanceof DataOutResult.Track t
                ? t.track() : null;
        assertEquals("{\"library\":{\"name\":\"segment-onesignal-bridge\",\"version\":\"9.9.9-SNAPSHOT\"},"
                + "\"integration\":{\"name\":\"segment-onesignal-bridge\",\"version\":\"9.9.9-SNAPSHOT\"}}",
                write(track.path("context")));
    }
}
