package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;

/** Segment's reserved identify traits, each as README's "Segment's reserved traits" table says. */
class ReservedTraitsTest {

    /** Every reserved trait of Segment's identify spec, with the types Segment documents. */
    static final String ALL_RESERVED = "{\"type\":\"identify\",\"userId\":\"u-42\",\"traits\":{"
            + "\"address\":{\"city\":\"Lyon\",\"country\":\"FR\",\"postalCode\":\"69001\",\"state\":\"ARA\",\"street\":\"1 rue X\"},"
            + "\"age\":31,"
            + "\"avatar\":\"https://example.com/a.png\","
            + "\"birthday\":\"1990-05-17T00:00:00.000Z\","
            + "\"company\":{\"name\":\"Acme\",\"id\":\"c-1\",\"industry\":\"Retail\",\"employee_count\":120,\"plan\":\"pro\"},"
            + "\"createdAt\":\"2024-03-01T10:00:00.000Z\","
            + "\"description\":\"Loves \\\"jazz\\\"\","
            + "\"email\":\"ana@example.com\","
            + "\"firstName\":\"Ana\","
            + "\"gender\":\"female\","
            + "\"id\":\"u-42\","
            + "\"lastName\":\"Lima\","
            + "\"name\":\"Ana Lima\","
            + "\"phone\":\"+33611111111\","
            + "\"title\":\"CTO\","
            + "\"username\":\"ana\","
            + "\"website\":\"https://ana.example.com\"}}";

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Map<String, String> ordered(String jsonObject) {
        Map<String, String> map = new LinkedHashMap<>();
        json(jsonObject).fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    static DataInResult.TagUpdate map(MappingOptions options, String event) {
        return assertInstanceOf(DataInResult.TagUpdate.class,
                new SegmentToOneSignal(TagPolicy.defaults(), options).map(json(event)));
    }

    @Test
    void everyReservedTraitWithTheDefaults() {
        DataInResult.TagUpdate update = map(MappingOptions.defaults(), ALL_RESERVED);
        assertEquals("u-42", update.userId());
        assertEquals(List.copyOf(ordered("{\"first_name\":\"Ana\",\"last_name\":\"Lima\",\"age\":\"31\","
                + "\"avatar\":\"https://example.com/a.png\",\"birthday\":\"1990-05-17T00:00:00.000Z\","
                + "\"createdAt\":\"2024-03-01T10:00:00.000Z\",\"description\":\"Loves \\\"jazz\\\"\",\"gender\":\"female\","
                + "\"id\":\"u-42\",\"name\":\"Ana Lima\",\"title\":\"CTO\",\"username\":\"ana\","
                + "\"website\":\"https://ana.example.com\"}").entrySet()),
                List.copyOf(update.chunks().get(0).entrySet()));
        assertEquals(List.of(
                new OmittedKey("address", OmittedKey.NESTED_OBJECT),
                new OmittedKey("company", OmittedKey.NESTED_OBJECT),
                new OmittedKey("email", OmittedKey.DENIED),
                new OmittedKey("phone", OmittedKey.DENIED)), update.omitted());
    }

    @Test
    void everyReservedTraitFlattened() {
        DataInResult.TagUpdate update = map(MappingOptions.defaults().withFlattenNested(true), ALL_RESERVED);
        assertEquals(List.copyOf(ordered("{\"first_name\":\"Ana\",\"last_name\":\"Lima\","
                + "\"address_city\":\"Lyon\",\"address_country\":\"FR\",\"address_postalCode\":\"69001\","
                + "\"address_state\":\"ARA\",\"address_street\":\"1 rue X\",\"age\":\"31\","
                + "\"avatar\":\"https://example.com/a.png\",\"birthday\":\"1990-05-17T00:00:00.000Z\","
                + "\"company_name\":\"Acme\",\"company_id\":\"c-1\",\"company_industry\":\"Retail\","
                + "\"company_employee_count\":\"120\",\"company_plan\":\"pro\","
                + "\"createdAt\":\"2024-03-01T10:00:00.000Z\",\"description\":\"Loves \\\"jazz\\\"\",\"gender\":\"female\","
                + "\"id\":\"u-42\",\"name\":\"Ana Lima\",\"title\":\"CTO\",\"username\":\"ana\","
                + "\"website\":\"https://ana.example.com\"}").entrySet()),
                List.copyOf(update.chunks().get(0).entrySet()));
        assertEquals(List.of(new OmittedKey("email", OmittedKey.DENIED), new OmittedKey("phone", OmittedKey.DENIED)),
                update.omitted());
    }

    @Test
    void unixTimesAreTheirDigits() {
        DataInResult.TagUpdate update = map(MappingOptions.defaults(),
                "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"createdAt\":1709287200,\"birthday\":\"1990-05-17\"}}");
        assertEquals(Map.of("createdAt", "1709287200", "birthday", "1990-05-17"), update.chunks().get(0));
    }

    /** Segment accepts the reserved traits in snake_case too: first_name/last_name are the names, first. */
    @Test
    void snakeCaseNamesAreTheNamesAndComeFirst() {
        DataInResult.TagUpdate update = map(MappingOptions.defaults().withTagLimit(2),
                "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"plan\":\"pro\",\"age\":3,\"last_name\":\"L\",\"first_name\":\"F\"}}");
        assertEquals(List.copyOf(ordered("{\"last_name\":\"L\",\"first_name\":\"F\"}").entrySet()),
                List.copyOf(update.chunks().get(0).entrySet()));
        assertEquals(List.of("plan", "age"), update.omitted().stream().map(OmittedKey::key).toList());
    }

    @Test
    void theCamelCaseNameWinsOverTheSnakeCaseOneInEitherOrder() {
        for (String traits : List.of("{\"first_name\":\"old\",\"firstName\":\"new\"}", "{\"firstName\":\"new\",\"first_name\":\"old\"}")) {
            DataInResult.TagUpdate update = map(MappingOptions.defaults(),
                    "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":" + traits + "}");
            assertEquals(Map.of("first_name", "new"), update.chunks().get(0), traits);
        }
    }
}
