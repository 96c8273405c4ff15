package org.sobridge.ingest;

import org.sobridge.ops.ErrorAnswer;

/**
 * A request the bridge answers with a 4xx/5xx status and a JSON {@code {"error", "code", "message"}}
 * ({@link ErrorAnswer}); the code follows from the status unless one is given.
 */
public class HttpProblem extends RuntimeException {

    private final int status;
    private final String code;

    public HttpProblem(int status, String message) {
        this(status, ErrorAnswer.codeFor(status), message);
    }

    public HttpProblem(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
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

    public static HttpProblem tooLarge(String message) {
        return new HttpProblem(413, message);
    }
}
