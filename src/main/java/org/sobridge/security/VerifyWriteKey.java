package org.sobridge.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.HttpApiToBatch;
import org.sobridge.ingest.HttpProblem;

/**
 * The Segment HTTP Tracking API's authentication. The write key comes from {@code Authorization: Basic
 * base64(writeKey + ":")} or, without such a header, from the body's top-level {@code "writeKey"} (where
 * analytics-python 2.3+ and analytics-java put it, with no Authorization header; Segment's OAuth form sends a Bearer
 * token beside it, which the bridge cannot check, so the body's key decides then). A Basic header wins over the body.
 * The key must be one of BRIDGE_WRITE_KEYS, compared in constant time. Missing or unknown → 401; a body that is not
 * JSON holds no key, so it is 401 too (its 400 is for requests that authenticated). With no write keys configured,
 * the endpoints answer 401, except in dry-run, where they accept any request so they can be tried out.
 */
public final class VerifyWriteKey implements Processor {

    private static final String PREFIX = "Basic ";
    static final String BODY_FIELD = "writeKey";

    private final List<String> writeKeys;
    private final boolean openInDryRun;

    public VerifyWriteKey(Set<String> writeKeys, boolean dryRun) {
        this.writeKeys = List.copyOf(writeKeys);
        this.openInDryRun = dryRun && writeKeys.isEmpty();
    }

    @Override
    public void process(Exchange exchange) {
        if (openInDryRun) {
            return;
        }
        if (writeKeys.isEmpty()) {
            throw HttpProblem.unauthorized("the Segment HTTP API is off: no BRIDGE_WRITE_KEYS configured");
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String given;
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            given = writeKey(header.substring(PREFIX.length()).trim());
        } else {
            given = bodyWriteKey(exchange);
            if (given == null) {
                throw HttpProblem.unauthorized(
                        "missing write key: send Authorization: Basic <write key> or \"writeKey\" in the body");
            }
        }
        boolean ok = false;
        for (String key : writeKeys) {
            ok |= Hmac.constantTimeEquals(key, given == null ? "" : given);
        }
        if (!ok) {
            throw HttpProblem.unauthorized("unknown write key");
        }
    }

    /** The user name of a Basic credential (the write key), or null when it is not Base64 of "user:password". */
    static String writeKey(String credential) {
        try {
            String decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /**
     * The body's top-level "writeKey" ("" when it is not a string), or null when the body has none or is not a JSON
     * object. The parsed body is kept for the step that reads the calls.
     */
    static String bodyWriteKey(Exchange exchange) {
        JsonNode root;
        try {
            root = HttpApiToBatch.parsedBody(exchange);
        } catch (HttpProblem unreadable) {
            return null;
        }
        JsonNode key = root.isObject() ? root.get(BODY_FIELD) : null;
        if (key == null) {
            return null;
        }
        return key.isTextual() ? key.asText() : "";
    }
}
