package org.sobridge.datain;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.sobridge.config.SegmentSource;
import org.sobridge.security.SegmentSignature;
import org.sobridge.security.VerifySegmentSignature;

/**
 * Checks Segment's {@code X-Signature} with the secrets of the request's source (the default source's
 * SEGMENT_SHARED_SECRET and SEGMENT_SHARED_SECRETS, or {@code source.<name>.shared-secret}); 401 otherwise.
 * Batches signed over their first event only are accepted when {@code firstEventSignatures} is on, each first event
 * once across all sources ({@code firstEvents} remembers them).
 */
public final class VerifySourceSignature implements Processor {

    private final SegmentSources sources;
    private final Map<String, VerifySegmentSignature> bySource = new LinkedHashMap<>();

    public VerifySourceSignature(SegmentSources sources, Iterable<SegmentSource> all, boolean firstEventSignatures,
                                 IdempotentRepository firstEvents) {
        this.sources = sources;
        for (SegmentSource source : all) {
            bySource.put(source.name(), new VerifySegmentSignature(
                    new SegmentSignature(source.secrets(), firstEventSignatures), firstEvents));
        }
    }

    @Override
    public void process(Exchange exchange) {
        bySource.get(sources.of(exchange).name()).process(exchange);
    }
}
