package org.sobridge.datain;

import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.datain.SegmentSources;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.downstream.DownstreamAnswers;
import org.sobridge.downstream.DownstreamUnavailableException;
import org.sobridge.ingest.IngestReport;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.KeyRefusals;

/**
 * Reads OneSignal's answer to one call: 2xx → delivered; a permanent 4xx → the event is dropped with
 * OneSignal's reason and dead-lettered; 401/403 (our key is wrong) → {@link DownstreamUnavailableException},
 * answered 503 so that the sender retries. 408, 429 and 5xx never get here: the route retries them.
 */
public final class RecordOneSignalAnswer implements Processor {

    /** Exchange property holding the {@link OneSignalRequest} being sent. */
    public static final String REQUEST = "oneSignalRequest";
    /** Exchange property set to a {@link DeadLetter} when OneSignal refused the event for good. */
    public static final String DEAD_LETTER = "deadLetter";

    private static final Logger LOG = LoggerFactory.getLogger(RecordOneSignalAnswer.class);

    private final IdempotentRepository seen;
    private final BridgeMetrics metrics;
    private final KeyRefusals keyRefusals;

    /** @param seen delivered messageIds: a dead-lettered event is forgotten there, so a replay delivers it */
    public RecordOneSignalAnswer(IdempotentRepository seen, BridgeMetrics metrics, KeyRefusals keyRefusals) {
        this.seen = seen;
        this.metrics = metrics;
        this.keyRefusals = keyRefusals;
    }

    @Override
    public void process(Exchange exchange) {
        OneSignalRequest request = exchange.getProperty(REQUEST, OneSignalRequest.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        metrics.downstreamAnswer("onesignal", String.valueOf(status));
        if (status >= 200 && status < 300) {
            keyRefusals.accepted("onesignal");
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
        exchange.getProperty(IngestReport.PROPERTY, IngestReport.class)
                .drop(request.index(), request.messageId(), why);
        if (request.messageId() != null) {
            seen.remove(request.messageId());
        }
        int attempts = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        exchange.setProperty(DEAD_LETTER, new DeadLetter(DeadLetter.DATA_IN, why, status, attempts,
                Instant.now(), request.event(), exchange.getProperty(SegmentSources.PROPERTY, String.class)));
    }
}
