package org.sobridge.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.HttpProblem;

/**
 * The Segment HTTP Tracking API's authentication: {@code Authorization: Basic base64(writeKey + ":")}, the write key
 * being one of BRIDGE_WRITE_KEYS (compared in constant time). Missing or unknown → 401. With no write keys
 * configured, the endpoints answer 401, except in dry-run, where they accept any request so they can be tried out.
 */
public final class VerifyWriteKey implements Processor {

    private static final String PREFIX = "Basic ";

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
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw HttpProblem.unauthorized("missing Authorization: Basic <write key>");
        }
        String given = writeKey(header.substring(PREFIX.length()).trim());
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
}
