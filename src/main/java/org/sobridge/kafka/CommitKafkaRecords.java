package org.sobridge.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits a poll's offsets once every event in it was delivered or dead-lettered: the last record of each
 * partition is committed (which covers the ones before it). A crash before this re-delivers the poll; the
 * messageIds make that safe.
 */
public final class CommitKafkaRecords implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        List<Exchange> records = exchange.getProperty(ReadKafkaRecords.RECORDS, List.class);
        Map<Object, Exchange> lastPerPartition = new LinkedHashMap<>();
        for (Exchange record : records) {
            lastPerPartition.put(record.getMessage().getHeader(KafkaConstants.PARTITION), record);
        }
        for (Exchange last : lastPerPartition.values()) {
            KafkaManualCommit commit = last.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit != null) {
                commit.commit();
            }
        }
    }
}
