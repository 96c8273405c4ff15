package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IngestReport;
import org.sobridge.ops.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dry-run: the custom-events call is logged and shown in the answer's requests instead of being sent. */
public final class RecordCustomEventsDryRun implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordCustomEventsDryRun.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        CustomEventsCall call = exchange.getMessage().getBody(CustomEventsCall.class);
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        for (PendingCustomEvent event : call.events()) {
            try (LogContext ignored = LogContext.of(report.direction(), event.messageId(), report.source())) {
                // its name only: the properties are the user's data, which stay out of the log (the answer has them)
                LOG.info("DRY RUN, not sent: custom event '{}' in POST {}",
                        event.event().event().path("name").asText(), call.path());
            }
        }
        report.dryRunRequest("POST", call.path(), call.body());
    }
}
