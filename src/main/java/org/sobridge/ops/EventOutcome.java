package org.sobridge.ops;

import java.util.Locale;

/**
 * What the bridge did with one event, as {@code GET /observe/events} shows it.
 *
 * @param time      when, in epoch milliseconds
 * @param direction segment-to-onesignal or onesignal-to-segment
 * @param messageId the sender's id of the event (Segment messageId, OneSignal event id), or null
 * @param source    the Segment source for Data In ("default" or the name of /v1/segment/&lt;name&gt;), "onesignal"
 *                  for Data Out
 * @param reason    why (dropped, dead-lettered, retry later), or what was done (delivered)
 * @param status    the downstream's HTTP status, 0 when there was none
 * @param attempts  calls made to the downstream (1 + retries), 0 when none was made
 */
public record EventOutcome(long time, String direction, String messageId, String source, Kind outcome,
                           String reason, int status, int attempts) {

    /** The outcomes, under the names the API uses. */
    public enum Kind {
        /** The downstream accepted the event (or, in dry-run, the call was only recorded). */
        DELIVERED,
        /** Not sent on purpose (mapping, filter, duplicate): the answer says why. */
        DROPPED,
        /** The downstream refused it for good: it is in the dead-letter file. */
        DEAD_LETTER,
        /** The downstream could not take it now: its request was answered 503, the sender sends it again. */
        RETRY_LATER;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind of a label ("dead-letter"), or null. */
        public static Kind of(String label) {
            for (Kind kind : values()) {
                if (kind.label().equals(label)) {
                    return kind;
                }
            }
            return null;
        }
    }
}
