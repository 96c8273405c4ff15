package org.sobridge.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sobridge.json.Json;

/**
 * The body of every error answer of the bridge: {@code {"error": message, "code": code, "message": message}}.
 * {@code code} and {@code message} are the shape of Segment's HTTP API (its SDKs read them: analytics-python raises
 * a KeyError on an error answer without them); {@code error} is the bridge's own field, kept for existing clients.
 */
public final class ErrorAnswer {

    private ErrorAnswer() {
    }

    /** The code of an answer with this status, unless the failure names a more precise one. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }

    /**
     * The status to answer: a body too large for the Segment HTTP API is 400 there (code
     * {@code payload_too_large}), as Segment answers it; elsewhere the status stays.
     */
    public static int status(int status, boolean segmentApi) {
        return status == 413 && segmentApi ? 400 : status;
    }

    public static String json(String code, String message) {
        ObjectNode body = Json.mapper().createObjectNode()
                .put("error", message)
                .put("code", code)
                .put("message", message);
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON object of three strings could not be written", e);
        }
    }
}
