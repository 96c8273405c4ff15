package org.sobridge.datain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Reads OneSignal's answer to one user write: 2xx → delivered; a permanent 4xx → each event that shares the write is
 * dropped with OneSignal's reason and dead-lettered; 401/403 (our key is wrong) → {@link DownstreamUnavailableException},
 * answered 503 so that the sender retries. 408, 429 and 5xx never get here: the route retries them.
 */
public final class RecordOneSignalAnswer implements Processor {

    /** Exchange property holding the {@link OneSignalRequest} being sent. */
    public static final String REQUEST = "oneSignalRequest";
    /** Exchange property set to the {@link DeadLetter}s of the events OneSignal refused for good. */
    public static final String DEAD_LETTERS = "deadLetters";

    private static final Logger LOG = LoggerFactory.getLogger(RecordOneSignalAnswer.class);

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
                exchange.getProperty(PrepareCall.STARTED, 0L, Long.class));
        int attempts = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (status >= 200 && status < 300) {
            keyRefusals.accepted("onesignal");
            for (UserWrite.Share share : write.shares()) {
                share.report().delivered(share.messageId(), DELIVERED, status, attempts);
            }
            write.outcomeRecorded();
            return;
        }
        String reason = DownstreamAnswers.reason(exchange.getMessage().getBody(String.class));
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
}
