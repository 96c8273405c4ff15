package org.sobridge.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.ops.BridgeMetrics;

/**
 * Commits a poll's offsets once every event in it was delivered or dead-lettered: the last record of each
 * partition is committed (which covers the ones before it). A crash before this re-delivers the poll; the
 * messageIds make that safe.
 * <p>
 * A commit refused because the group is rebalancing (the partitions may be another instance's now) is not a failed
 * poll: retrying it would keep this consumer from polling, and so from rejoining the group, for the whole backoff.
 * It is logged and counted, and the records are delivered again by whoever owns their partitions next (the same
 * tags, messageIds and idempotency keys: harmless).
 */
public final class CommitKafkaRecords implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CommitKafkaRecords.class);

    private final KafkaPolls health;
    private final BridgeMetrics metrics;

    public CommitKafkaRecords(KafkaPolls health, BridgeMetrics metrics) {
        this.health = health;
        this.metrics = metrics;
    }

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
                try {
                    commit.commit();
                } catch (RebalanceInProgressException | CommitFailedException rebalancing) {
                    LOG.warn("Kafka consumer {}: commit of a delivered poll refused during a rebalance ({}); its records "
                            + "are delivered again by the partition's next owner", exchange.getFromRouteId(),
                            rebalancing.getMessage());
                    metrics.kafkaCommitLostToRebalance(exchange.getFromRouteId());
                }
            }
        }
        health.delivered(exchange.getFromRouteId());
    }
}
