package org.sobridge.ingest;

import org.apache.camel.Exchange;

/** The exact request bytes, read once and kept as the body so later steps see the same bytes. */
public final class RawBody {

    private RawBody() {
    }

    public static byte[] of(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        byte[] bytes = body == null ? new byte[0] : exchange.getMessage().getBody(byte[].class);
        if (bytes == null) {
            throw HttpProblem.badRequest("body could not be read");
        }
        exchange.getMessage().setBody(bytes);
        return bytes;
    }
}
