package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sobridge.json.Json;
import org.sobridge.mapping.MappingOptions.EventNameTags;

/** The tag options (allow list, limit, event-name prefix, flattening, group) and Engage audiences/traits. */
class SegmentToOneSignalOptionsTest {

    static final MappingOptions DEFAULTS = MappingOptions.defaults();

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

    /** name, options, input event, expected tags (in order), expected omitted keys "key=reason" (in order). */
    static Stream<Arguments> cases() {
        String limit3 = OmittedKey.overLimit(3);
        return Stream.of(
                Arguments.of("tag limit: names first, then arrival order, the rest reported", DEFAULTS.withTagLimit(3),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":1,\"b\":2,\"lastName\":\"L\",\"c\":3,\"d\":4}}",
                        "{\"last_name\":\"L\",\"a\":\"1\",\"b\":\"2\"}", List.of("c=" + limit3, "d=" + limit3)),
                Arguments.of("tag limit never cuts deletions (they keep users under it); values up to the limit",
                        DEFAULTS.withTagLimit(1),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"gone\":null,\"kept\":\"x\",\"also\":\"\",\"cut\":\"y\"}}",
                        "{\"gone\":\"\",\"kept\":\"x\",\"also\":\"\"}", List.of("cut=" + OmittedKey.overLimit(1))),
                Arguments.of("allow list: only those tag names, case-insensitive; first_name by its tag name",
                        DEFAULTS.withAllow(Set.of("Plan", "first_name")),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"firstName\":\"F\",\"lastName\":\"L\",\"plan\":\"pro\",\"age\":3}}",
                        "{\"first_name\":\"F\",\"plan\":\"pro\"}",
                        List.of("last_name=" + OmittedKey.NOT_ALLOWED, "age=" + OmittedKey.NOT_ALLOWED)),
                Arguments.of("deny wins over allow", DEFAULTS.withAllow(Set.of("email", "plan")),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":\"a@b\",\"plan\":\"pro\"}}",
                        "{\"plan\":\"pro\"}", List.of("email=" + OmittedKey.DENIED)),
                Arguments.of("event name prefix in snake case", DEFAULTS.withEventNameTags(EventNameTags.PREFIX),
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Add to Cart\",\"properties\":{\"brand\":\"Rayban\",\"Size\":2}}",
                        "{\"add_to_cart_brand\":\"Rayban\",\"add_to_cart_Size\":\"2\"}", List.of()),
                Arguments.of("prefix: names stay unprefixed and denied keys stay out",
                        DEFAULTS.withEventNameTags(EventNameTags.PREFIX),
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Signed Up!\",\"properties\":{\"firstName\":\"F\",\"email\":\"x\",\"plan\":\"p\"}}",
                        "{\"first_name\":\"F\",\"signed_up_plan\":\"p\"}", List.of("signed_up_email=" + OmittedKey.DENIED)),
                Arguments.of("prefix: allow list judges the prefixed name",
                        DEFAULTS.withEventNameTags(EventNameTags.PREFIX).withAllow(Set.of("order_completed_total")),
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Order Completed\",\"properties\":{\"total\":9,\"items\":2}}",
                        "{\"order_completed_total\":\"9\"}", List.of("order_completed_items=" + OmittedKey.NOT_ALLOWED)),
                Arguments.of("prefix off by default: the event name is not written", DEFAULTS,
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Add to Cart\",\"properties\":{\"brand\":\"R\"}}",
                        "{\"brand\":\"R\"}", List.of()),
                Arguments.of("prefix: identify traits are not prefixed", DEFAULTS.withEventNameTags(EventNameTags.PREFIX),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"event\":\"X\",\"traits\":{\"plan\":\"p\"}}",
                        "{\"plan\":\"p\"}", List.of()),
                Arguments.of("flatten: nested fields as parent_child, recursively; arrays still out",
                        DEFAULTS.withFlattenNested(true),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"address\":{\"city\":\"Lyon\",\"geo\":{\"lat\":45.7,\"tags\":[1]},\"zip\":null},\"plan\":\"p\"}}",
                        "{\"address_city\":\"Lyon\",\"address_geo_lat\":\"45.7\",\"address_zip\":\"\",\"plan\":\"p\"}",
                        List.of("address_geo_tags=" + OmittedKey.ARRAY)),
                Arguments.of("flatten: a denied parent is left out whole, denied children too",
                        DEFAULTS.withFlattenNested(true),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":{\"work\":\"w@x\"},\"contact\":{\"phone\":\"1\",\"city\":\"c\"}}}",
                        "{\"contact_city\":\"c\"}",
                        List.of("email=" + OmittedKey.NESTED_OBJECT, "contact_phone=" + OmittedKey.DENIED)),
                Arguments.of("flatten off (default): nested objects are omitted", DEFAULTS,
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"address\":{\"city\":\"Lyon\"},\"plan\":\"p\"}}",
                        "{\"plan\":\"p\"}", List.of("address=" + OmittedKey.NESTED_OBJECT)),
                Arguments.of("flatten with prefix", DEFAULTS.withFlattenNested(true).withEventNameTags(EventNameTags.PREFIX),
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Checkout\",\"properties\":{\"cart\":{\"total\":5}}}",
                        "{\"checkout_cart_total\":\"5\"}", List.of()),
                Arguments.of("group on: group_id then the group traits, names first", DEFAULTS.withGroupTags(true),
                        "{\"type\":\"group\",\"userId\":\"u\",\"groupId\":\"acct-1\",\"traits\":{\"plan\":\"e\",\"firstName\":\"F\",\"group_id\":\"other\"}}",
                        "{\"first_name\":\"F\",\"group_id\":\"acct-1\",\"plan\":\"e\"}", List.of()),
                Arguments.of("group on: numeric groupId, no traits", DEFAULTS.withGroupTags(true),
                        "{\"type\":\"group\",\"userId\":\"u\",\"groupId\":42}",
                        "{\"group_id\":\"42\"}", List.of()),
                Arguments.of("audience, identify form (worked example 11)", DEFAULTS,
                        "{\"type\":\"identify\",\"userId\":\"u-11\",\"traits\":{\"first_time_shopper\":true},\"context\":{\"personas\":"
                                + "{\"computation_class\":\"audience\",\"computation_key\":\"first_time_shopper\"}}}",
                        "{\"first_time_shopper\":\"true\"}", List.of()),
                Arguments.of("audience, track form exit (worked example 12): audience_key is not a tag", DEFAULTS,
                        "{\"type\":\"track\",\"userId\":\"u-11\",\"event\":\"Audience Exited\",\"properties\":{\"audience_key\":\"first_time_shopper\","
                                + "\"first_time_shopper\":false},\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"first_time_shopper\"}}}",
                        "{\"first_time_shopper\":\"false\"}", List.of()),
                Arguments.of("audience, track form without the membership property: from the event name", DEFAULTS,
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Audience Entered\",\"properties\":{\"audience_key\":\"vip\"}}",
                        "{\"vip\":\"true\"}", List.of()),
                Arguments.of("audience key is written even outside the allow list; no event-name prefix",
                        DEFAULTS.withAllow(Set.of("plan")).withEventNameTags(EventNameTags.PREFIX),
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Audience Entered\",\"properties\":{\"audience_key\":\"vip\",\"vip\":true}}",
                        "{\"vip\":\"true\"}", List.of()),
                Arguments.of("computed trait, identify form (worked example 13)", DEFAULTS,
                        "{\"type\":\"identify\",\"userId\":\"u-13\",\"traits\":{\"total_revenue_180_days\":450.5},\"context\":{\"personas\":"
                                + "{\"computation_class\":\"trait\",\"computation_key\":\"total_revenue_180_days\"}}}",
                        "{\"total_revenue_180_days\":\"450.5\"}", List.of()),
                Arguments.of("computed trait, track form: trait_key is not a tag", DEFAULTS,
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Trait Computed\",\"properties\":{\"trait_key\":\"orders\",\"orders\":7}}",
                        "{\"orders\":\"7\"}", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsWithOptions(String name, MappingOptions options, String input, String expectedTags, List<String> expectedOmitted) {
        SegmentToOneSignal mapper = new SegmentToOneSignal(TagPolicy.defaults(), options);
        DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class, mapper.map(json(input)));
        assertEquals(List.copyOf(ordered(expectedTags).entrySet()), List.copyOf(update.chunks().get(0).entrySet()));
        assertEquals(expectedOmitted, update.omitted().stream().map(o -> o.key() + "=" + o.reason()).toList());
    }

    static Stream<Arguments> drops() {
        return Stream.of(
                Arguments.of("group off (default) stays unsupported", DEFAULTS,
                        "{\"type\":\"group\",\"userId\":\"u\",\"groupId\":\"g\"}", "unsupported type: group"),
                Arguments.of("group on without groupId", DEFAULTS.withGroupTags(true),
                        "{\"type\":\"group\",\"userId\":\"u\",\"traits\":{\"a\":1}}", SegmentToOneSignal.NO_GROUP_ID),
                Arguments.of("group on without userId", DEFAULTS.withGroupTags(true),
                        "{\"type\":\"group\",\"anonymousId\":\"a\",\"groupId\":\"g\"}", SegmentToOneSignal.NO_USER_ID),
                Arguments.of("allow list leaves nothing", DEFAULTS.withAllow(Set.of("x")),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":1}}", SegmentToOneSignal.NO_TAGS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drops")
    void drops(String name, MappingOptions options, String input, String reason) {
        SegmentToOneSignal mapper = new SegmentToOneSignal(TagPolicy.defaults(), options);
        assertEquals(reason, assertInstanceOf(DataInResult.Dropped.class, mapper.map(json(input))).reason());
    }

    @Test
    void aLimitAboveOneHundredStillSplitsIntoPatchesOfOneHundred() {
        StringBuilder traits = new StringBuilder("{");
        for (int i = 0; i < 250; i++) {
            traits.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        traits.append('}');
        SegmentToOneSignal mapper = new SegmentToOneSignal(TagPolicy.defaults(), DEFAULTS.withTagLimit(220));
        DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class,
                mapper.map(json("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":" + traits + "}")));
        assertEquals(List.of(100, 100, 20), update.chunks().stream().map(Map::size).toList());
        assertEquals(30, update.omitted().size());
        assertEquals("k220", update.omitted().get(0).key());
    }
}
