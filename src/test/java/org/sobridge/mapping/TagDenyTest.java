package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * TAGS_DENY is a privacy control: it wins over "first_name/last_name are always written", matched on the trait key
 * and on the tag name (either spelling of the two names), in every mapping path.
 */
class TagDenyTest {

    /** The deny list of the issue: one name by its tag name, the other by its trait key. */
    static final TagPolicy DENY = new TagPolicy(List.of("email", "phone", "first_name", "lastName"));
    static final MappingOptions DEFAULTS = MappingOptions.defaults();
    static final String DENIED = OmittedKey.DENIED;

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
        return Stream.of(
                Arguments.of("identify: firstName/lastName denied by tag name and by trait key", DEFAULTS,
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"firstName\":\"Ana\",\"lastName\":\"Lima\",\"plan\":\"pro\"}}",
                        "{\"plan\":\"pro\"}", List.of("first_name=" + DENIED, "last_name=" + DENIED)),
                Arguments.of("identify: the snake_case traits are denied by either spelling", DEFAULTS,
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"first_name\":\"Ana\",\"last_name\":\"Lima\",\"plan\":\"pro\"}}",
                        "{\"plan\":\"pro\"}", List.of("first_name=" + DENIED, "last_name=" + DENIED)),
                Arguments.of("identify: a null firstName (a deletion) is denied too", DEFAULTS,
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"firstName\":null,\"plan\":\"pro\"}}",
                        "{\"plan\":\"pro\"}", List.of("first_name=" + DENIED)),
                Arguments.of("identify: deny wins over the allow list", DEFAULTS.withAllow(Set.of("first_name", "plan")),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"firstName\":\"Ana\",\"plan\":\"pro\"}}",
                        "{\"plan\":\"pro\"}", List.of("first_name=" + DENIED)),
                Arguments.of("track", DEFAULTS,
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Signed Up\",\"properties\":{\"firstName\":\"Ana\",\"lastName\":\"L\",\"plan\":\"p\"}}",
                        "{\"plan\":\"p\"}", List.of("first_name=" + DENIED, "last_name=" + DENIED)),
                Arguments.of("track with event-name prefix", DEFAULTS.withEventNameTags(EventNameTags.PREFIX),
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Signed Up\",\"properties\":{\"firstName\":\"Ana\",\"first_name\":\"A\",\"plan\":\"p\"}}",
                        "{\"signed_up_plan\":\"p\"}", List.of("first_name=" + DENIED)),
                Arguments.of("group", DEFAULTS.withGroupTags(true),
                        "{\"type\":\"group\",\"userId\":\"u\",\"groupId\":\"g\",\"traits\":{\"firstName\":\"Ana\",\"plan\":\"e\"}}",
                        "{\"group_id\":\"g\",\"plan\":\"e\"}", List.of("first_name=" + DENIED)),
                Arguments.of("audience, identify form", DEFAULTS,
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"vip\":true,\"lastName\":\"L\"},\"context\":{\"personas\":"
                                + "{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}",
                        "{\"vip\":\"true\"}", List.of("last_name=" + DENIED)),
                Arguments.of("audience, track form", DEFAULTS,
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Audience Entered\",\"properties\":{\"audience_key\":\"vip\",\"vip\":true,\"firstName\":\"A\"}}",
                        "{\"vip\":\"true\"}", List.of("first_name=" + DENIED)),
                Arguments.of("computed trait, track form", DEFAULTS,
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Trait Computed\",\"properties\":{\"trait_key\":\"orders\",\"orders\":7,\"lastName\":\"L\"}}",
                        "{\"orders\":\"7\"}", List.of("last_name=" + DENIED)),
                Arguments.of("flattening: nested first/last names are denied by their key", DEFAULTS.withFlattenNested(true),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"profile\":{\"firstName\":\"A\",\"last_name\":\"B\",\"city\":\"Lyon\"}}}",
                        "{\"profile_city\":\"Lyon\"}", List.of("profile_firstName=" + DENIED, "profile_last_name=" + DENIED)),
                Arguments.of("flattening: an object under a denied name is not flattened", DEFAULTS.withFlattenNested(true),
                        "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"firstName\":{\"given\":\"A\"},\"plan\":\"p\"}}",
                        "{\"plan\":\"p\"}", List.of("firstName=" + OmittedKey.NESTED_OBJECT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void denyWinsEverywhere(String name, MappingOptions options, String input, String expectedTags,
            List<String> expectedOmitted) {
        SegmentToOneSignal mapper = new SegmentToOneSignal(DENY, options);
        DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class, mapper.map(json(input)));
        assertEquals(List.copyOf(ordered(expectedTags).entrySet()), List.copyOf(update.chunks().get(0).entrySet()));
        assertEquals(expectedOmitted, update.omitted().stream().map(o -> o.key() + "=" + o.reason()).toList());
    }

    @Test
    void aDeniedParentTagNameIsNotFlattened() {
        SegmentToOneSignal mapper = new SegmentToOneSignal(new TagPolicy(List.of("checkout_cart")),
                DEFAULTS.withFlattenNested(true).withEventNameTags(EventNameTags.PREFIX));
        DataInResult.TagUpdate update = assertInstanceOf(DataInResult.TagUpdate.class, mapper.map(json(
                "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Checkout\",\"properties\":{\"cart\":{\"total\":5},\"step\":2}}")));
        assertEquals(Map.of("checkout_step", "2"), update.chunks().get(0));
        assertEquals(List.of(new OmittedKey("checkout_cart", OmittedKey.NESTED_OBJECT)), update.omitted());
    }

    @Test
    void onlyDeniedNamesLeaveNothingToWrite() {
        SegmentToOneSignal mapper = new SegmentToOneSignal(DENY);
        DataInResult.Dropped dropped = assertInstanceOf(DataInResult.Dropped.class, mapper.map(json(
                "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"firstName\":\"Ana\",\"lastName\":\"Lima\"}}")));
        assertEquals(SegmentToOneSignal.NO_TAGS, dropped.reason());
        assertEquals(List.of(new OmittedKey("first_name", DENIED), new OmittedKey("last_name", DENIED)), dropped.omitted());
    }

    @Test
    void eitherSpellingOfTheNamesDeniesBoth() {
        for (String entry : List.of("firstName", "first_name", "FIRSTNAME")) {
            TagPolicy policy = new TagPolicy(List.of(entry));
            assertTrue(policy.denied("firstName"), entry);
            assertTrue(policy.denied("first_name"), entry);
            assertFalse(policy.denied("lastName"), entry);
        }
        TagPolicy canonical = new TagPolicy(Set.of("Last_Name"));
        assertTrue(canonical.denied("lastName"));
        assertTrue(canonical.denied("last_name"));
    }

    @Test
    void customEventPropertiesLeaveDeniedNamesOut() {
        CustomEvents.Event event = assertInstanceOf(CustomEvents.Event.class, CustomEvents.map(json(
                "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Signed Up\",\"properties\":{\"first_name\":\"A\",\"lastName\":\"L\",\"plan\":\"p\"}}"),
                "m-1", DENY));
        assertEquals(json("{\"plan\":\"p\"}"), event.event().get("properties"));
    }
}
