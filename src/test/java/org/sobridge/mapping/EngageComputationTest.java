package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sobridge.json.Json;

class EngageComputationTest {

    /** input event → "audience:KEY", "trait:KEY" or "none". */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"identify\",\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"k\"}}}|audience:k",
        "{\"type\":\"identify\",\"context\":{\"personas\":{\"computation_class\":\"journey_step\",\"computation_key\":\"j_o_1\"}}}|audience:j_o_1",
        "{\"type\":\"identify\",\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"t\"}}}|trait:t",
        "{\"type\":\"identify\",\"context\":{\"personas\":{\"computation_class\":\"audience\"}}}|none",
        "{\"type\":\"identify\",\"traits\":{\"audience_key\":\"x\"}}|none",
        "{\"type\":\"track\",\"event\":\"Audience Entered\",\"properties\":{\"audience_key\":\"a\"}}|audience:a",
        "{\"type\":\"track\",\"event\":\"Audience Exited\",\"properties\":{\"audience_key\":\"a\"}}|audience:a",
        "{\"type\":\"track\",\"event\":\"Audience Entered\",\"properties\":{}}|none",
        "{\"type\":\"track\",\"event\":\"Renamed\",\"properties\":{\"audience_key\":\"a\"},\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"a\"}}}|audience:a",
        "{\"type\":\"track\",\"event\":\"Trait Computed\",\"properties\":{\"trait_key\":\"t\"}}|trait:t",
        "{\"type\":\"track\",\"event\":\"Renamed\",\"properties\":{\"trait_key\":\"t\"},\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"t\"}}}|trait:t",
        "{\"type\":\"track\",\"event\":\"Order Completed\",\"properties\":{\"audience_key\":\"a\"}}|none",
        "{\"type\":\"page\",\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"k\"}}}|none",
    })
    void recognisesAudiencesAndTraits(String event, String expected) throws Exception {
        Optional<EngageComputation> computation = EngageComputation.of(Json.mapper().readTree(event));
        assertEquals(expected, computation.map(c -> (c.audience() ? "audience:" : "trait:") + c.key()).orElse("none"));
    }
}
