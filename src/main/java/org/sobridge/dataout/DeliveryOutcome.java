package org.sobridge.dataout;

/** What became of one event handed to Segment. */
public sealed interface DeliveryOutcome {

    /** Segment accepted the batch holding the event: its answer's status, after this many calls. */
    record Delivered(int status, int attempts) implements DeliveryOutcome {
    }

    /** Not sent on purpose (e.g. its event name is not enabled). */
    record Dropped(String reason) implements DeliveryOutcome {
    }

    /** Segment refused the batch holding the event for good (e.g. 400): the event is in the dead-letter file. */
    record DeadLettered(String reason) implements DeliveryOutcome {
    }

    /** Dry-run: the batch call that would have carried the event. */
    record DryRun(String method, String path, Object body) implements DeliveryOutcome {
    }
}
