package org.sobridge.dataout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dry-run: the /v1/batch call that would have been made is logged and shown in each waiting answer. */
public final class RecordSegmentDryRun implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RecordSegmentDryRun.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        SegmentBatch batch = exchange.getMessage().getBody(SegmentBatch.class);
        ObjectNode body = batch.body();
        LOG.info("DRY RUN, not sent: POST {} {}", batch.path(), body);
        batch.complete(new DeliveryOutcome.DryRun("POST", batch.path(), body));
    }
}
