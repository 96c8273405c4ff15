package org.sobridge.ingest;

/**
 * A webhook body that could not be read as JSON (syntax, truncation, encoding, nesting): answered 400. A direction
 * that keeps such bodies (Data Out: OneSignal drops what it cannot deliver) catches this type.
 */
public final class UnreadableBody extends HttpProblem {

    public UnreadableBody(String message) {
        super(400, message);
    }
}
