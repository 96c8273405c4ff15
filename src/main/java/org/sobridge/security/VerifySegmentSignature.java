package org.sobridge.security;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.HttpProblem;
import org.sobridge.ingest.RawBody;

/** Rejects a Segment webhook request whose X-Signature does not match the raw body (401). */
public final class VerifySegmentSignature implements Processor {

    public static final String HEADER = "X-Signature";

    private final SegmentSignature signature;

    public VerifySegmentSignature(SegmentSignature signature) {
        this.signature = signature;
    }

    @Override
    public void process(Exchange exchange) {
        if (!signature.enabled()) {
            return;
        }
        String given = exchange.getMessage().getHeader(HEADER, String.class);
        if (given == null || given.isBlank()) {
            throw HttpProblem.unauthorized("missing X-Signature header");
        }
        if (!signature.valid(given, RawBody.of(exchange))) {
            throw HttpProblem.unauthorized("X-Signature does not match the body");
        }
    }
}
