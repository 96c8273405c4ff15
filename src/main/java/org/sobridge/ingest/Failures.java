package org.sobridge.ingest;

/** How the bridge describes a failure in a log line or an answer: the innermost cause, type and message. */
public final class Failures {

    private Failures() {
    }

    /** The innermost cause: the wrappers of split, multicast and the circuit breaker add nothing a reader needs. */
    public static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    public static String describe(Throwable failure) {
        Throwable root = rootCause(failure);
        return root == null ? "unknown failure" : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
