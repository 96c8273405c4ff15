package org.sobridge.security;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.HttpProblem;

/** Rejects a request without {@code Authorization: Bearer <token>} (401); compares in constant time. */
public final class VerifyBearerToken implements Processor {

    private static final String PREFIX = "Bearer ";

    private final String token;
    private final boolean requiredToEnable;

    /**
     * @param requiredToEnable true: with an empty token the endpoint refuses everything (admin endpoints);
     *                         false: with an empty token anyone may call it (a start-up warning says so)
     */
    public VerifyBearerToken(String token, boolean requiredToEnable) {
        this.token = token;
        this.requiredToEnable = requiredToEnable;
    }

    public boolean enabled() {
        return !token.isEmpty();
    }

    @Override
    public void process(Exchange exchange) {
        if (!enabled()) {
            if (requiredToEnable) {
                throw new HttpProblem(403, "disabled: set BRIDGE_ADMIN_TOKEN to enable this endpoint");
            }
            return;
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || header.isBlank()) {
            throw HttpProblem.unauthorized("missing Authorization: Bearer header");
        }
        String given = header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).trim() : "";
        if (!Hmac.constantTimeEquals(token, given)) {
            throw HttpProblem.unauthorized("invalid bearer token");
        }
    }
}
