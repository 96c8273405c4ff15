package org.sobridge;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Registry;
import org.sobridge.config.BridgeConfig;
import org.sobridge.config.SegmentSource;
import org.sobridge.datain.BatchCustomEvents;
import org.sobridge.datain.CollectPendingSegments;
import org.sobridge.datain.OneSignalSegmentCatalog;
import org.sobridge.datain.RecordCustomEventsAnswer;
import org.sobridge.datain.RecordCustomEventsDryRun;
import org.sobridge.datain.RecordSegmentCreateDryRun;
import org.sobridge.datain.SegmentSources;
import org.sobridge.datain.SelectSegmentSource;
import org.sobridge.ingest.HttpApiToBatch;
import org.sobridge.mapping.CustomEvents;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.KeyRefusals;
import org.sobridge.security.VerifyWriteKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the Data In processors of the Engage segments, custom events, named sources and the Segment-compatible
 * HTTP API (routes 12, 15, 50, 60), by the names the YAML uses. Called from {@link BridgeBeans}.
 */
final class DataInBeans {

    private static final Logger LOG = LoggerFactory.getLogger(DataInBeans.class);

    /** Longest a request waits for another request creating the same segment. */
    private static final long SEGMENT_LOCK_TIMEOUT_MS = 30_000;

    private DataInBeans() {
    }

    static void bind(Registry registry, BridgeConfig cfg, SegmentSources sources, IdempotentRepository seen,
                     BridgeMetrics metrics, KeyRefusals keyRefusals) {
        registry.bind("segmentSources", sources);
        registry.bind("selectSegmentSource", new SelectSegmentSource(sources));
        registry.bind("segmentCatalog", new OneSignalSegmentCatalog(SEGMENT_LOCK_TIMEOUT_MS));
        registry.bind("collectPendingSegments", new CollectPendingSegments());
        registry.bind("recordSegmentCreateDryRun", new RecordSegmentCreateDryRun());
        registry.bind("batchCustomEvents", new BatchCustomEvents(CustomEvents.MAX_REQUEST_BYTES));
        registry.bind("recordCustomEventsDryRun", new RecordCustomEventsDryRun());
        registry.bind("recordCustomEventsAnswer", new RecordCustomEventsAnswer(seen, metrics, keyRefusals));
        registry.bind("verifyWriteKey", new VerifyWriteKey(cfg.dataIn().writeKeys(), cfg.oneSignalDryRun()));
        registry.bind("httpApiToBatch", new HttpApiToBatch(cfg.maxBodyBytes()));
        warn(cfg);
    }

    private static void warn(BridgeConfig cfg) {
        for (SegmentSource source : cfg.dataIn().sources().values()) {
            if (!source.name().equals(SegmentSource.DEFAULT) && source.secrets().isEmpty()) {
                LOG.warn("source.{}.shared-secret is empty: signatures of /v1/segment/{} are NOT checked.",
                        source.name(), source.name());
            }
        }
        if (cfg.dataIn().writeKeys().isEmpty()) {
            LOG.warn(cfg.oneSignalDryRun()
                    ? "BRIDGE_WRITE_KEYS is empty: in dry-run the Segment HTTP API (/v1/identify, /v1/track, ...) accepts "
                            + "requests without a write key."
                    : "BRIDGE_WRITE_KEYS is empty: the Segment HTTP API (/v1/identify, /v1/track, ...) answers 401.");
        }
    }
}
