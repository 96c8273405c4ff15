package org.sobridge.ingest;

import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The first step of every ingest route: the request's Content-Type must be this endpoint's media type, compared as
 * HTTP compares them (RFC 9110: case-insensitive, parameters allowed), so {@code Application/JSON} and
 * {@code application/json; charset=UTF-8} are JSON. Anything else, or no Content-Type, is 415. (Vert.x's own
 * {@code consumes} matching refused both of those forms.)
 */
public final class RequireMediaType implements Processor {

    private static final int SHOWN = 60;

    private final String mediaType;

    /** @param mediaType e.g. {@code application/json}, lower case, without parameters */
    public RequireMediaType(String mediaType) {
        this.mediaType = mediaType;
    }

    @Override
    public void process(Exchange exchange) {
        String given = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!matches(given)) {
            throw new HttpProblem(415, "unsupported content type" + shown(given) + "; send " + mediaType);
        }
    }

    /** True when the Content-Type's media type (the part before any ';') is ours, in any case. */
    boolean matches(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.toLowerCase(Locale.ROOT).equals(mediaType);
    }

    private static String shown(String given) {
        if (given == null || given.isBlank()) {
            return " (none given)";
        }
        String trimmed = given.strip();
        return " '" + (trimmed.length() > SHOWN ? trimmed.substring(0, SHOWN) + "..." : trimmed) + "'";
    }
}
