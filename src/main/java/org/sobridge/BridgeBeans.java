package org.sobridge;

import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.sobridge.config.BridgeConfig;
import org.sobridge.config.Settings;
import org.sobridge.datain.MapSegmentEvent;
import org.sobridge.delivery.RecordDryRunRequest;
import org.sobridge.delivery.RecordOneSignalAnswer;
import org.sobridge.ingest.ReadEvents;
import org.sobridge.ingest.WriteErrorResponse;
import org.sobridge.ingest.WriteIngestResponse;
import org.sobridge.mapping.SegmentToOneSignal;
import org.sobridge.security.SegmentSignature;
import org.sobridge.security.VerifySegmentSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the bridge's processors, by the names the YAML routes use, built from one checked {@link BridgeConfig}. */
@Configuration
public class BridgeBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeBeans.class);

    @Override
    public void configure(CamelContext context) {
        var properties = context.getPropertiesComponent();
        BridgeConfig cfg = BridgeConfig.from(new Settings(key -> properties.resolveProperty(key).orElse(null)));
        var registry = context.getRegistry();
        registry.bind("bridgeConfig", cfg);
        registry.bind("verifySegmentSignature",
                new VerifySegmentSignature(new SegmentSignature(List.of(cfg.segmentSharedSecret()))));
        registry.bind("readSegmentEvents", new ReadEvents("batch", cfg.maxBodyBytes(), cfg.oneSignalDryRun()));
        registry.bind("mapSegmentEvent",
                new MapSegmentEvent(new SegmentToOneSignal(cfg.tagPolicy()), cfg.oneSignalAppId()));
        registry.bind("recordDryRunRequest", new RecordDryRunRequest());
        registry.bind("recordOneSignalAnswer", new RecordOneSignalAnswer());
        registry.bind("writeIngestResponse", new WriteIngestResponse());
        registry.bind("writeErrorResponse", new WriteErrorResponse());
        warnAboutUnsafeDefaults(cfg);
    }

    private static void warnAboutUnsafeDefaults(BridgeConfig cfg) {
        if (cfg.oneSignalDryRun()) {
            LOG.warn("*** DRY RUN: nothing is sent to OneSignal. Requests are logged and returned in the answer. "
                    + "Set ONESIGNAL_API_KEY and ONESIGNAL_APP_ID (or BRIDGE_DRY_RUN=false) to deliver. ***");
        }
        if (cfg.segmentSharedSecret().isEmpty()) {
            LOG.warn("SEGMENT_SHARED_SECRET is empty: Segment webhook signatures are NOT checked; "
                    + "anyone who can reach /v1/segment can write tags.");
        }
    }
}
