package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sobridge.json.Json;

/**
 * An Engage audience key that may not be a tag (reserved by OneSignal, or in TAGS_DENY) is omitted and reported the
 * same way in the identify and the track form, and its segment is refused with that reason.
 */
class AudienceKeyTest {

    static final SegmentToOneSignal MAPPER = new SegmentToOneSignal(TagPolicy.defaults(),
            MappingOptions.defaults().withAllow(Set.of("plan")));

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String track(String event, String properties) {
        return "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"" + event + "\",\"properties\":" + properties + "}";
    }

    static String identify(String key, String traits) {
        return "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":" + traits + ",\"context\":{\"personas\":"
                + "{\"computation_class\":\"audience\",\"computation_key\":\"" + key + "\"}}}";
    }

    /** name, event, expected tags (null: dropped, nothing to write), omitted "key=reason", segment refusal. */
    static Stream<Arguments> cases() {
        String reserved = OmittedKey.RESERVED;
        String denied = OmittedKey.DENIED;
        return Stream.of(
                Arguments.of("track form, reserved key with its property",
                        track("Audience Entered", "{\"audience_key\":\"user\",\"user\":true}"),
                        null, List.of("user=" + reserved), reserved),
                Arguments.of("identify form, reserved key",
                        identify("user", "{\"user\":true}"),
                        null, List.of("user=" + reserved), reserved),
                Arguments.of("track form, reserved key without its property (membership from the event name)",
                        track("Audience Exited", "{\"audience_key\":\"User\",\"plan\":\"p\"}"),
                        "{\"plan\":\"p\"}", List.of("User=" + reserved), reserved),
                Arguments.of("track form, denied key with its property",
                        track("Audience Entered", "{\"audience_key\":\"email\",\"email\":true,\"plan\":\"p\"}"),
                        "{\"plan\":\"p\"}", List.of("email=" + denied), denied),
                Arguments.of("identify form, denied key",
                        identify("email", "{\"email\":true,\"plan\":\"p\"}"),
                        "{\"plan\":\"p\"}", List.of("email=" + denied), denied),
                Arguments.of("track form, denied key without its property",
                        track("Audience Entered", "{\"audience_key\":\"phone\"}"),
                        null, List.of("phone=" + denied), denied),
                Arguments.of("track form through the personas context, reserved key",
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Audience Entered\",\"properties\":{\"app\":false},"
                                + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"app\"}}}",
                        null, List.of("app=" + reserved), reserved),
                Arguments.of("track form, a key that may be a tag (outside TAGS_ALLOW): written, segment made",
                        track("Audience Entered", "{\"audience_key\":\"vip\",\"vip\":true}"),
                        "{\"vip\":\"true\"}", List.of(), null),
                Arguments.of("identify form, a key that may be a tag: written, segment made",
                        identify("vip", "{\"vip\":false}"),
                        "{\"vip\":\"false\"}", List.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void formsAgree(String name, String input, String expectedTags, List<String> expectedOmitted, String refusal) {
        DataInResult result = MAPPER.map(json(input));
        List<OmittedKey> omitted;
        if (expectedTags == null) {
            DataInResult.Dropped dropped = assertInstanceOf(DataInResult.Dropped.class, result);
            assertEquals(SegmentToOneSignal.NO_TAGS, dropped.reason());
            omitted = dropped.omitted();
        } else {
            DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class, result);
            Map<String, String> tags = new LinkedHashMap<>();
            json(expectedTags).fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            assertEquals(List.copyOf(tags.entrySet()), List.copyOf(update.chunks().get(0).entrySet()));
            omitted = update.omitted();
        }
        assertEquals(expectedOmitted, omitted.stream().map(o -> o.key() + "=" + o.reason()).toList());
        EngageComputation audience = EngageComputation.of(json(input)).orElseThrow();
        if (refusal == null) {
            assertNull(MAPPER.segmentRefusal(audience));
        } else {
            assertEquals(refusal, MAPPER.segmentRefusal(audience));
        }
    }
}
