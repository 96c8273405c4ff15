package org.sobridge.dataout;

/** What became of one event handed to Segment. */
public sealed interface DeliveryOutcome {

    /** Segment accepted the batch holding the event. */
    record Delivered() implements DeliveryOutcome {
    }

    /** Segment refused the event for good (e.g. 400); retrying cannot help. */
    record Dropped(String reason) implements DeliveryOutcome {
    }

    /** Dry-run: the batch call that would have carried the event. */
    record DryRun(String method, String path, Object body) implements DeliveryOutcome {
    }
}
