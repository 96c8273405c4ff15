package org.sobridge.datain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.downstream.DownstreamAnswers;
import org.sobridge.downstream.DownstreamUnavailableException;
import org.sobridge.downstream.PrepareCall;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.KeyRefusals;

/**
 * Reads OneSignal's answer to one call of a user write: 2xx → delivered (or the write's next step); a refusal for
 * the plan's tag limit → the write's next step ({@link UserWrite#afterTagLimit}); another permanent 4xx → each event
 * that shares the write is dropped with OneSignal's reason and dead-lettered; 401/403 (our key is wrong) → {@link DownstreamUnavailableException},
 * answered 503 so that the sender retries. 408, 429 and 5xx never get here: the route retries them.
 */
public final class RecordOneSignalAnswer implements Processor {

    /** Exchange property set to the {@link DeadLetter}s of the events OneSignal refused for good. */
    public static final String DEAD_LETTERS = "deadLetters";

    private static final Logger LOG = LoggerFactory.getLogger(RecordOneSignalAnswer.class);

    /** How OneSignal words a refusal for the plan's tag limit ("App is limited to a maximum of 20 tags ..."). */
    private static final Pattern TAG_LIMIT = Pattern.compile(
            "maximum of \\d+ tags|tags? (count )?limit|too many tags", Pattern.CASE_INSENSITIVE);

    /** What a delivered event's outcome says was done. */
    static final String DELIVERED = "tags written to the OneSignal user";

    private final RecentMessageIds seen;
    private final BridgeMetrics metrics;
    private final KeyRefusals keyRefusals;

    /** @param seen delivered messageIds: a dead-lettered event is forgotten there, so a replay delivers it */
    public RecordOneSignalAnswer(RecentMessageIds seen, BridgeMetrics metrics, KeyRefusals keyRefusals) {
        this.seen = seen;
        this.metrics = metrics;
        this.keyRefusals = keyRefusals;
    }

    @Override
    public void process(Exchange exchange) {
        UserWrite write = exchange.getProperty(SealUserWrite.WRITE, UserWrite.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        metrics.downstreamAnswer("onesignal", String.valueOf(status),
                PrepareCall.startedNanos(exchange));
        int attempts = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (status >= 200 && status < 300) {
            keyRefusals.accepted("onesignal");
            next(exchange, write, write.afterSuccess(), status, attempts);
            return;
        }
        String reason = DownstreamAnswers.reason(exchange.getMessage().getBody(String.class));
        if (status == 400 && TAG_LIMIT.matcher(reason).find()) {
            OneSignalRequest next = write.afterTagLimit();
            if (next != null || write.fellBackToNames()) {
                LOG.warn("OneSignal refused a write for the user's plan tag limit ({}); {}", reason,
                        next == null ? "no first_name/last_name to write" : "writing in steps");
                next(exchange, write, next, status, attempts);
                return;
            }
        }
        if (status == 401 || status == 403) {
            LOG.error("OneSignal refused the API key (HTTP {}): check ONESIGNAL_API_KEY and ONESIGNAL_APP_ID. {}",
                    status, reason);
            keyRefusals.refused("onesignal", status, "ONESIGNAL_API_KEY and ONESIGNAL_APP_ID");
            throw new DownstreamUnavailableException("OneSignal refused the API key", status);
        }
        if (status == 429 || status == 408 || status >= 500 || status < 200) {
            throw new DownstreamUnavailableException("OneSignal answered " + status + ": " + reason, status);
        }
        String why = "OneSignal answered " + status + (reason.isEmpty() ? "" : ": " + reason);
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (UserWrite.Share share : write.shares()) {
            share.report().deadLettered(share.index(), share.messageId(), why);
            if (share.dedupeKey() != null) {
                // handled for good, but forgotten: a replay of the dead letter is delivered
                seen.forget(share.dedupeKey());
            }
            deadLetters.add(new DeadLetter(DeadLetter.DATA_IN, why, status, attempts, Instant.now(), share.event(),
                    share.source()));
        }
        exchange.setProperty(DEAD_LETTERS, deadLetters);
        write.outcomeRecorded();
    }

    /**
     * The write's next call ({@link SealUserWrite#NEXT_CALL}), or none: the write is done, its outcome reported (each
     * event that shares it delivered, the tags the plan's tag limit left out omitted).
     */
    private static void next(Exchange exchange, UserWrite write, OneSignalRequest next, int status, int attempts) {
        exchange.setProperty(SealUserWrite.NEXT_CALL, next);
        if (next == null) {
            for (UserWrite.Share share : write.shares()) {
                java.util.Set<String> leftOut = write.leftOutByTagLimit(share);
                for (String tag : leftOut) {
                    share.report().omit(share.index(), share.messageId(), tag, UserWrite.TAG_LIMIT);
                }
                share.report().delivered(share.messageId(), leftOut.isEmpty() ? DELIVERED
                        : DELIVERED + " (" + leftOut.size() + " left out: " + UserWrite.TAG_LIMIT + ")", status,
                        attempts);
            }
            write.outcomeRecorded();
        }
    }
}
