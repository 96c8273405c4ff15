package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.ingest.Failures;
import org.sobridge.ingest.IngestReport;

/**
 * After the last attempt (or with the circuit breaker open): the event was not delivered. Its request will be
 * answered 503 so that Segment sends it again, and its messageId is forgotten so that the retry is not taken
 * for a duplicate.
 */
public final class MarkOneSignalUnavailable implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(MarkOneSignalUnavailable.class);

    private final IdempotentRepository seen;

    public MarkOneSignalUnavailable(IdempotentRepository seen) {
        this.seen = seen;
    }

    @Override
    public void process(Exchange exchange) {
        OneSignalRequest request = exchange.getProperty(RecordOneSignalAnswer.REQUEST, OneSignalRequest.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = Failures.describe(cause);
        LOG.warn("OneSignal did not take event {} (messageId {}): {}", request == null ? -1 : request.index(),
                request == null ? null : request.messageId(), reason);
        if (request != null && request.messageId() != null) {
            seen.remove(request.messageId());
        }
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        if (report != null) {
            report.unavailable("OneSignal unavailable, retry later");
        }
    }
}
