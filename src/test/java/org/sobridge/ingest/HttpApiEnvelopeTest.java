package org.sobridge.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sobridge.json.Json;

class HttpApiEnvelopeTest {

    static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    /** path type | body | the events (JSON array). */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "identify|{\"userId\":\"u\",\"traits\":{\"a\":1}}|[{\"userId\":\"u\",\"traits\":{\"a\":1},\"type\":\"identify\"}]",
        "track|{\"type\":\"identify\",\"userId\":\"u\",\"event\":\"E\",\"writeKey\":\"k\"}|[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}]",
        "group|{\"userId\":\"u\",\"groupId\":\"g\"}|[{\"userId\":\"u\",\"groupId\":\"g\",\"type\":\"group\"}]",
        "page|{\"userId\":\"u\"}|[{\"userId\":\"u\",\"type\":\"page\"}]",
        "screen|{\"userId\":\"u\"}|[{\"userId\":\"u\",\"type\":\"screen\"}]",
        "alias|{\"userId\":\"u\",\"previousId\":\"p\"}|[{\"userId\":\"u\",\"previousId\":\"p\",\"type\":\"alias\"}]",
        "batch|{\"batch\":[{\"type\":\"track\",\"event\":\"E\"},{\"type\":\"identify\",\"context\":{\"ip\":\"own\"}},7],\"context\":{\"ip\":\"shared\",\"locale\":\"fr\"},\"integrations\":{\"All\":true}}|"
                + "[{\"type\":\"track\",\"event\":\"E\",\"context\":{\"ip\":\"shared\",\"locale\":\"fr\"},\"integrations\":{\"All\":true}},"
                + "{\"type\":\"identify\",\"context\":{\"ip\":\"own\",\"locale\":\"fr\"},\"integrations\":{\"All\":true}},7]",
        "batch|{\"batch\":[]}|[]",
    })
    void readsCalls(String type, String body, String expected) throws Exception {
        assertEquals(json(expected), Json.mapper().valueToTree(HttpApiEnvelope.events(json(body), type)));
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource(delimiter = '|', value = {
        "identify|[{\"userId\":\"u\"}]|400",
        "track|\"text\"|400",
        "batch|{\"batch\":{}}|400",
        "batch|{\"events\":[]}|400",
        "delete|{\"userId\":\"u\"}|404",
    })
    void refusesOtherShapes(String type, String body, int status) throws Exception {
        HttpProblem problem = assertThrows(HttpProblem.class, () -> HttpApiEnvelope.events(json(body), type));
        assertEquals(status, problem.status());
    }
}
