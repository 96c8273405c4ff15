package org.sobridge.datain;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.ingest.IngestReport;
import org.sobridge.ops.LogContext;

/** Dry-run: the OneSignal call that would have been made is logged and added to the answer instead. */
public final class RecordDryRunRequest implements Processor {

    /** What the outcome of an event says in dry-run. */

    private static final Logger LOG = LoggerFactory.getLogger(RecordDryRunRequest.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        OneSignalRequest request = exchange.getMessage().getBody(OneSignalRequest.class);
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        try (LogContext ignored = LogContext.of(report.direction(), request.messageId(), report.source())) {
            // the tag names only: the values are the user's traits, which stay out of the log (the answer has them)
            LOG.info("DRY RUN, not sent: {} {} with tags {}", request.method(), request.path(), tagNames(request));
        }
        report.dryRunRequest(request.method(), request.path(), request.body());
        report.delivered(request.messageId(), IngestReport.DRY_RUN, 0, 0);
    }

    static List<String> tagNames(OneSignalRequest request) {
        List<String> names = new ArrayList<>();
        request.body().path("properties").path("tags").fieldNames().forEachRemaining(names::add);
        return names;
    }
}
