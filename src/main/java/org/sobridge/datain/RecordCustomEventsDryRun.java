package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IngestReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dry-run: the custom-events call is logged and shown in the answer's requests instead of being sent. */
public final class RecordCustomEventsDryRun implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordCustomEventsDryRun.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        CustomEventsCall call = exchange.getMessage().getBody(CustomEventsCall.class);
        LOG.info("DRY RUN, not sent: POST {} {}", call.path(), call.body());
        exchange.getProperty(IngestReport.PROPERTY, IngestReport.class)
                .dryRunRequest("POST", call.path(), call.body());
    }
}
