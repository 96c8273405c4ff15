package org.sobridge.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Media types are compared as HTTP compares them: case-insensitive, parameters allowed. */
class RequireMediaTypeTest {

    static final RequireMediaType JSON = new RequireMediaType("application/json");
    static final RequireMediaType NDJSON = new RequireMediaType("application/x-ndjson");

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON", "APPLICATION/JSON", "application/json; charset=UTF-8",
        "application/json;charset=utf-8", " application/json ", "Application/Json ; charset=\"utf-8\"; q=1"})
    void jsonInAnyCaseWithAnyParameters(String contentType) {
        assertTrue(JSON.matches(contentType), contentType);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "text/plain", "application/jsonp", "application/json-patch+json", "application/x-ndjson",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "json", "application/ json"})
    void anythingElseIsNotJson(String contentType) {
        assertFalse(JSON.matches(contentType), contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-ndjson", "Application/X-NDJSON; charset=utf-8"})
    void ndjsonForTheReplay(String contentType) {
        assertTrue(NDJSON.matches(contentType), contentType);
        assertFalse(JSON.matches(contentType), contentType);
    }
}
