package org.sobridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sobridge.json.Json;

/**
 * Content types are compared as HTTP compares media types (any case, parameters allowed), anything else is a JSON
 * 415; a body that is not JSON is a 400 that says in plain words what is wrong and where.
 */
class MediaTypesTest {

    static final String ADMIN = "admin-token";
    static final String WRITE_KEY = "wk-1";
    static final String IDENTIFY = "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"a\":\"1\"}}";
    static final String PUSH = "{\"event\":{\"id\":\"e1\",\"kind\":\"message.push.clicked\",\"external_id\":\"u\"},\"message\":{}}";
    static final List<String> JSON_TYPES = List.of(
            "Application/JSON", "application/json; charset=UTF-8", "APPLICATION/JSON;charset=utf-8", " application/json ");

    @TempDir
    static Path deadLetters;

    static RunningBridge bridge;

    @BeforeAll
    static void start() {
        bridge = RunningBridge.start(Map.of(
                "bridge.admin-token", ADMIN,
                "bridge.write-keys", WRITE_KEY,
                "dead-letter.dir", deadLetters.toString(),
                "segment.sources", "web"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    static HttpResponse<String> post(String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", path.startsWith("/admin") ? "Bearer " + ADMIN
                        : "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return RunningBridge.send(request.build());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    @Test
    void jsonInAnyCaseAndWithParametersIsJsonOnEveryIngestEndpoint() {
        for (String type : JSON_TYPES) {
            for (String[] call : new String[][] {
                {"/v1/segment", IDENTIFY}, {"/v1/segment/web", IDENTIFY}, {"/v1/identify", IDENTIFY},
                {"/v1/batch", "{\"batch\":[" + IDENTIFY + "]}"}, {"/v1/onesignal/events", PUSH}}) {
                var response = post(call[0], call[1], type);
                assertEquals(200, response.statusCode(), call[0] + " with " + type + ": " + response.body());
            }
        }
    }

    @Test
    void anyOtherContentTypeIsAJson415NamingWhatWasSentAndWhatIsExpected() throws Exception {
        String[][] refused = {
            {"text/plain", "'text/plain'"},
            {"application/x-www-form-urlencoded", "'application/x-www-form-urlencoded'"},
            {"multipart/form-data; boundary=x", "'multipart/form-data; boundary=x'"},
            {"application/jsonp", "'application/jsonp'"},
            {"application/json-patch+json", "'application/json-patch+json'"},
            {null, "(none given)"},
        };
        for (String[] type : refused) {
            for (String path : List.of("/v1/segment", "/v1/track", "/v1/onesignal/events")) {
                String body = type[0] != null && type[0].startsWith("multipart")
                        ? "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.txt\"\r\n\r\nhello\r\n--x--\r\n"
                        : IDENTIFY;
                var response = post(path, body, type[0]);
                assertEquals(415, response.statusCode(), path + " with " + type[0] + ": " + response.body());
                String message = "unsupported content type " + type[1] + "; send application/json";
                assertEquals(Json.mapper().createObjectNode().put("error", message)
                        .put("code", "unsupported_media_type").put("message", message), json(response));
            }
        }
    }

    @Test
    void adminReplayTakesNdjsonInAnyCaseAndNothingElse() throws Exception {
        String line = "{\"direction\":\"segment-to-onesignal\",\"reason\":\"r\",\"status\":500,\"attempts\":1,"
                + "\"event\":" + IDENTIFY + "}\n";
        var replayed = post("/admin/replay", line, "Application/X-NDJSON; charset=utf-8");
        assertEquals(200, replayed.statusCode(), replayed.body());

        var json = post("/admin/replay", line, "application/json");
        assertEquals(415, json.statusCode(), json.body());
        assertEquals("unsupported content type 'application/json'; send application/x-ndjson",
                json(json).get("message").asText());
    }

    @Test
    void truncatedJsonIsA400ThatSaysWhatIsWrongAndWhereInPlainWords() throws Exception {
        String cut = "{\"type\":\"identify\",\"userId\":\"u";
        String expected = "body is not valid JSON at line 1, column 31: it ends inside a string (cut short?)";
        for (String path : List.of("/v1/segment", "/v1/segment/web", "/v1/identify", "/v1/batch", "/v1/onesignal/events")) {
            var response = post(path, cut, "application/json");
            assertEquals(400, response.statusCode(), path + ": " + response.body());
            assertEquals(expected, json(response).get("message").asText(), path);
            assertPlain(response.body());
        }

        var object = post("/v1/segment", "{\"type\":\"identify\",\n \"userId\":\"u\"", "application/json");
        assertEquals("body is not valid JSON at line 2, column 14: it ends before the object that starts at line 1, "
                + "column 1 is closed with '}' (cut short?)", json(object).get("message").asText());
        var comma = post("/v1/onesignal/events", "{\"event\":{\"id\":\"e\",}}", "application/json");
        assertEquals("body is not valid JSON at line 1, column 20: unexpected character '}' where a field name in "
                + "double quotes was expected", json(comma).get("message").asText());

        var replay = post("/admin/replay", "{\"direction\":\"segment-to-onesignal\",\"event\":{\n", "application/x-ndjson");
        assertEquals(400, replay.statusCode(), replay.body());
        assertEquals("line 1 is not valid JSON at column 46: it ends before the object that starts at line 1, "
                + "column 45 is closed with '}' (cut short?)", json(replay).get("message").asText());
        assertPlain(replay.body());
    }

    static void assertPlain(String answer) {
        for (String internal : List.of("Source", "REDACTED", "StreamReadFeature", "VALUE_STRING", "marker", "code 1")) {
            assertFalse(answer.contains(internal), "Jackson's internals in the answer: " + answer);
        }
    }
}
