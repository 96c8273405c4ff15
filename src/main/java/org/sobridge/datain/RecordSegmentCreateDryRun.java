package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IngestReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dry-run: the segment creation an audience would need is logged and shown in the answer's requests. */
public final class RecordSegmentCreateDryRun implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSegmentCreateDryRun.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        PendingSegment pending = exchange.getMessage().getBody(PendingSegment.class);
        LOG.info("DRY RUN, not sent (unless the segment exists): POST {} {}", pending.path(), pending.body());
        exchange.getProperty(IngestReport.PROPERTY, IngestReport.class)
                .dryRunRequest("POST", pending.path(), pending.body());
    }
}
