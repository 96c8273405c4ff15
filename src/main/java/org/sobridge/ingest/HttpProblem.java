package org.sobridge.ingest;

/** A request the bridge answers with a 4xx/5xx status and a JSON {"error": message}. */
public class HttpProblem extends RuntimeException {

    private final int status;

    public HttpProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, message);
    }

    public static HttpProblem unauthorized(String message) {
        return new HttpProblem(401, message);
    }

    public static HttpProblem unavailable(String message) {
        return new HttpProblem(503, message);
    }
}
