package org.sobridge.downstream;

/** A downstream (OneSignal, Segment) could not take the events now; the sender should retry later. */
public class DownstreamUnavailableException extends RuntimeException {

    private final int status;

    public DownstreamUnavailableException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The downstream's HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
