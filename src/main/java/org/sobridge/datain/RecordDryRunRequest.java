package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.ingest.IngestReport;

/** Dry-run: the OneSignal call that would have been made is logged and added to the answer instead. */
public final class RecordDryRunRequest implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDryRunRequest.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        OneSignalRequest request = exchange.getMessage().getBody(OneSignalRequest.class);
        LOG.info("DRY RUN, not sent: {} {} {}", request.method(), request.path(), request.getJson());
        exchange.getProperty(IngestReport.PROPERTY, IngestReport.class)
                .dryRunRequest(request.method(), request.path(), request.body());
    }
}
