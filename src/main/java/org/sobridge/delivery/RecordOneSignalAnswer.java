package org.sobridge.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IngestReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads OneSignal's answer to one call: 2xx → delivered; a permanent 4xx → the event is dropped with
 * OneSignal's reason; 401/403 (our key is wrong), 429 and 5xx → {@link DownstreamUnavailableException},
 * answered 503 so that the sender retries.
 */
public final class RecordOneSignalAnswer implements Processor {

    /** Exchange property holding the {@link OneSignalRequest} being sent. */
    public static final String REQUEST = "oneSignalRequest";

    private static final Logger LOG = LoggerFactory.getLogger(RecordOneSignalAnswer.class);

    @Override
    public void process(Exchange exchange) {
        OneSignalRequest request = exchange.getProperty(REQUEST, OneSignalRequest.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            return;
        }
        String reason = DownstreamAnswers.reason(exchange.getMessage().getBody(String.class));
        if (status == 401 || status == 403) {
            LOG.error("OneSignal refused the API key (HTTP {}): check ONESIGNAL_API_KEY and ONESIGNAL_APP_ID. {}",
                    status, reason);
            throw new DownstreamUnavailableException("OneSignal refused the API key", status);
        }
        if (status == 429 || status == 408 || status >= 500 || status < 200) {
            throw new DownstreamUnavailableException("OneSignal answered " + status + ": " + reason, status);
        }
        String why = "OneSignal answered " + status + (reason.isEmpty() ? "" : ": " + reason);
        LOG.warn("Event {} (messageId {}) dropped: {}", request.index(), request.messageId(), why);
        exchange.getProperty(IngestReport.PROPERTY, IngestReport.class)
                .drop(request.index(), request.messageId(), why);
    }
}
