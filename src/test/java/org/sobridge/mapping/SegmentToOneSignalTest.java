package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sobridge.json.Json;

class SegmentToOneSignalTest {

    private final SegmentToOneSignal mapper = new SegmentToOneSignal(TagPolicy.defaults());

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** input event → expected user and tags (JSON object text, key order matters). */
    static Stream<Arguments> tagCases() {
        return Stream.of(
                Arguments.of("identify: flat traits, first/last name renamed (worked example 1)",
                        "{\"type\":\"identify\",\"userId\":\"u-1\",\"traits\":{\"firstName\":\"Ana\",\"lastName\":\"Lima\",\"plan\":\"pro\"}}",
                        "u-1", "{\"first_name\":\"Ana\",\"last_name\":\"Lima\",\"plan\":\"pro\"}"),
                Arguments.of("first/last name come first, whatever their position",
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"plan\":\"pro\",\"lastName\":\"L\",\"a\":\"1\",\"firstName\":\"F\"}}",
                        "u", "{\"last_name\":\"L\",\"first_name\":\"F\",\"plan\":\"pro\",\"a\":\"1\"}"),
                Arguments.of("firstName wins over a first_name trait",
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"first_name\":\"old\",\"firstName\":\"new\"}}",
                        "u", "{\"first_name\":\"new\"}"),
                Arguments.of("nested objects and arrays are not tags (case 2)",
                        "{\"type\":\"identify\",\"userId\":\"u-2\",\"traits\":{\"plan\":\"team\",\"address\":{\"city\":\"Lyon\"},\"interests\":[\"golf\"]}}",
                        "u-2", "{\"plan\":\"team\"}"),
                Arguments.of("null and blank delete the tag (case 3)",
                        "{\"type\":\"identify\",\"userId\":\"u-3\",\"traits\":{\"coupon\":null,\"referrer\":\"\",\"ws\":\" \\t\\n\",\"plan\":\"free\"}}",
                        "u-3", "{\"coupon\":\"\",\"referrer\":\"\",\"ws\":\"\",\"plan\":\"free\"}"),
                Arguments.of("numbers and booleans become exact strings (case 4)",
                        "{\"type\":\"identify\",\"userId\":\"u-4\",\"traits\":{\"age\":31,\"vip\":true,\"no\":false,\"ltv\":120.5,\"p\":3.25}}",
                        "u-4", "{\"age\":\"31\",\"vip\":\"true\",\"no\":\"false\",\"ltv\":\"120.5\",\"p\":\"3.25\"}"),
                Arguments.of("huge and exponent numbers are plain decimals",
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"big\":12345678901234567,\"huge\":123456789012345678901234567890,\"e\":1e3,\"small\":1.5E-7,\"neg\":-0.10}}",
                        "u", "{\"big\":\"12345678901234567\",\"huge\":\"123456789012345678901234567890\",\"e\":\"1000\",\"small\":\"0.00000015\",\"neg\":\"-0.10\"}"),
                Arguments.of("email and phone are denied by default (case 6)",
                        "{\"type\":\"identify\",\"userId\":\"u-6\",\"traits\":{\"email\":\"a@b.c\",\"Phone\":\"+33\",\"plan\":\"pro\"}}",
                        "u-6", "{\"plan\":\"pro\"}"),
                Arguments.of("track: properties become tags, event name dropped (case 7)",
                        "{\"type\":\"track\",\"userId\":\"u-7\",\"event\":\"Add to Cart\",\"properties\":{\"product_name\":\"Sunglasses\",\"brand\":\"Rayban\"}}",
                        "u-7", "{\"product_name\":\"Sunglasses\",\"brand\":\"Rayban\"}"),
                Arguments.of("identify falls back to context.traits",
                        "{\"type\":\"identify\",\"userId\":\"u\",\"context\":{\"traits\":{\"plan\":\"ctx\"}}}",
                        "u", "{\"plan\":\"ctx\"}"),
                Arguments.of("reserved OneSignal keys are never written",
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"message\":\"x\",\"User\":\"y\",\"custom_data\":\"z\",\"ok\":\"1\"}}",
                        "u", "{\"ok\":\"1\"}"),
                Arguments.of("unicode keys and values pass verbatim",
                        "{\"type\":\"identify\",\"userId\":\"ユーザー/1\",\"traits\":{\"名前\":\"Zoë 🚀\",\"ключ\":\"значение\"}}",
                        "ユーザー/1", "{\"名前\":\"Zoë 🚀\",\"ключ\":\"значение\"}"),
                Arguments.of("numeric userId is accepted as its text",
                        "{\"type\":\"track\",\"userId\":42,\"properties\":{\"a\":\"b\"}}",
                        "42", "{\"a\":\"b\"}"),
                Arguments.of("strings are kept verbatim, surrounding spaces included",
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"s\":\" padded \",\"n\":\"007\"}}",
                        "u", "{\"s\":\" padded \",\"n\":\"007\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tagCases")
    void mapsTags(String name, String input, String userId, String expectedTags) {
        DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class, mapper.map(json(input)));
        assertEquals(userId, update.userId());
        assertEquals(1, update.chunks().size());
        Map<String, String> expected = new LinkedHashMap<>();
        json(expectedTags).fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(update.chunks().get(0).entrySet()));
    }

    static Stream<Arguments> dropCases() {
        return Stream.of(
                Arguments.of("{\"type\":\"identify\",\"anonymousId\":\"anon-5\",\"traits\":{\"plan\":\"pro\"}}", SegmentToOneSignal.NO_USER_ID),
                Arguments.of("{\"type\":\"track\",\"userId\":null,\"properties\":{\"tier\":\"pro\"}}", SegmentToOneSignal.NO_USER_ID),
                Arguments.of("{\"type\":\"track\",\"userId\":\"   \",\"properties\":{\"tier\":\"pro\"}}", SegmentToOneSignal.NO_USER_ID),
                Arguments.of("{\"type\":\"track\",\"userId\":\"\",\"properties\":{\"tier\":\"pro\"}}", SegmentToOneSignal.NO_USER_ID),
                Arguments.of("{\"type\":\"track\",\"userId\":{\"id\":1},\"properties\":{\"tier\":\"pro\"}}", "userId must be a string"),
                Arguments.of("{\"type\":\"group\",\"userId\":\"u-10\",\"groupId\":\"acct-1\",\"traits\":{\"plan\":\"e\"}}", "unsupported type: group"),
                Arguments.of("{\"type\":\"page\",\"userId\":\"u\"}", "unsupported type: page"),
                Arguments.of("{\"type\":\"screen\",\"userId\":\"u\"}", "unsupported type: screen"),
                Arguments.of("{\"type\":\"alias\",\"userId\":\"u\",\"previousId\":\"p\"}", "unsupported type: alias"),
                Arguments.of("{\"type\":\"delete\",\"userId\":\"u\"}", "unsupported type: delete"),
                Arguments.of("{\"type\":\"Identify\",\"userId\":\"u\"}", "unsupported type: Identify"),
                Arguments.of("{\"userId\":\"u\",\"traits\":{\"a\":1}}", "missing type"),
                Arguments.of("{\"type\":7,\"userId\":\"u\"}", "unsupported type: 7"),
                Arguments.of("{\"type\":[\"identify\"],\"userId\":\"u\"}", "missing type"),
                Arguments.of("[1,2]", "event is not a JSON object"),
                Arguments.of("\"identify\"", "event is not a JSON object"),
                Arguments.of("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{}}", SegmentToOneSignal.NO_TAGS),
                Arguments.of("{\"type\":\"identify\",\"userId\":\"u\"}", SegmentToOneSignal.NO_TAGS),
                Arguments.of("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":\"plan\"}", SegmentToOneSignal.NO_TAGS),
                Arguments.of("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":\"a@b\",\"deep\":{\"a\":{\"b\":1}}}}", SegmentToOneSignal.NO_TAGS),
                Arguments.of("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}", SegmentToOneSignal.NO_TAGS));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("dropCases")
    void dropsWithReason(String input, String reason) {
        DataInResult.Dropped dropped = assertInstanceOf(DataInResult.Dropped.class, mapper.map(json(input)));
        assertEquals(reason, dropped.reason());
    }

    @Test
    void reportsEveryOmittedKeyWithItsReason() {
        DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class, mapper.map(json(
                "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":\"x\",\"a\":{\"b\":1},\"l\":[1],"
                        + "\"template\":\"t\",\"\":\"empty\",\"ok\":\"1\"}}")));
        assertEquals(List.of(
                new OmittedKey("email", OmittedKey.DENIED),
                new OmittedKey("a", OmittedKey.NESTED_OBJECT),
                new OmittedKey("l", OmittedKey.ARRAY),
                new OmittedKey("template", OmittedKey.RESERVED),
                new OmittedKey("", OmittedKey.EMPTY_KEY)), update.omitted());
    }

    @Test
    void numbersWhosePlainTextWouldBeHugeAreOmittedNotExpanded() {
        DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class, mapper.map(json(
                "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"x\":1e999999999,\"y\":1e-999999999,\"firstName\":1e999999,\"ok\":1e2}}")));
        assertEquals(Map.of("ok", "100"), update.chunks().get(0));
        assertEquals(List.of(new OmittedKey("x", OmittedKey.NUMBER_TOO_LONG), new OmittedKey("y", OmittedKey.NUMBER_TOO_LONG),
                new OmittedKey("firstName", OmittedKey.NUMBER_TOO_LONG)), update.omitted());
    }

    @Test
    void honoursAConfiguredDenyList() {
        SegmentToOneSignal custom = new SegmentToOneSignal(new TagPolicy(List.of("Secret", " ")));
        DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class, custom.map(json(
                "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"secret\":\"x\",\"email\":\"kept\"}}")));
        assertEquals(Map.of("email", "kept"), update.chunks().get(0));
    }

    @Test
    void splitsMoreThanOneHundredTagsIntoRequestsOfAtMostOneHundred() {
        String traits = IntStream.range(0, 250).mapToObj(i -> "\"k" + i + "\":" + i)
                .collect(Collectors.joining(",", "{\"firstName\":\"F\",", "}"));
        SegmentToOneSignal unlimited = new SegmentToOneSignal(TagPolicy.defaults(), MappingOptions.defaults().withTagLimit(300));
        DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class,
                unlimited.map(json("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":" + traits + "}")));
        assertEquals(List.of(100, 100, 51), update.chunks().stream().map(Map::size).toList());
        assertEquals("F", update.chunks().get(0).get("first_name"));
        assertEquals("249", update.chunks().get(2).get("k249"));
        assertEquals(251, update.chunks().stream().mapToInt(Map::size).sum());
    }

    @Test
    void deepNestingIsOmittedNotFollowed() {
        String deep = "{\"a\":".repeat(150) + "1" + "}".repeat(150);
        DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class, mapper.map(json(
                "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"deep\":" + deep + ",\"ok\":true}}")));
        assertEquals(Map.of("ok", "true"), update.chunks().get(0));
    }
}
