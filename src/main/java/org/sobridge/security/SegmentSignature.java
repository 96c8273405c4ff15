package org.sobridge.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.sobridge.json.Json;

/**
 * Checks Segment's {@code X-Signature}: hex HMAC-SHA1 of the raw request body under a shared secret.
 * Segment's Webhooks (Actions) destination in batch mode signs only the first event's JSON, so that form is
 * accepted too.
 */
public final class SegmentSignature {

    private final List<String> secrets;

    public SegmentSignature(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> !s.isEmpty()).toList();
    }

    public boolean enabled() {
        return !secrets.isEmpty();
    }

    public boolean valid(String signature, byte[] rawBody) {
        if (!enabled()) {
            return true;
        }
        if (signature == null || signature.isBlank() || rawBody == null) {
            return false;
        }
        String given = signature.trim().toLowerCase(Locale.ROOT);
        boolean ok = false;
        for (String secret : secrets) {
            // no early exit: every secret costs the same
            ok |= Hmac.constantTimeEquals(Hmac.sha1Hex(secret, rawBody), given);
        }
        return ok || validForFirstBatchElement(given, rawBody);
    }

    private boolean validForFirstBatchElement(String given, byte[] rawBody) {
        if (rawBody.length == 0 || firstNonSpace(rawBody) != '[') {
            return false;
        }
        byte[] first;
        try {
            JsonNode root = Json.mapper().readTree(rawBody);
            if (root == null || !root.isArray() || root.isEmpty()) {
                return false;
            }
            first = Json.mapper().writeValueAsBytes(root.get(0));
        } catch (java.io.IOException notJson) {
            return false;
        }
        boolean ok = false;
        for (String secret : secrets) {
            ok |= Hmac.constantTimeEquals(Hmac.sha1Hex(secret, first), given);
        }
        return ok;
    }

    private static int firstNonSpace(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return -1;
    }
}
