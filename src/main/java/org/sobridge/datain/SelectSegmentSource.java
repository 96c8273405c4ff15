package org.sobridge.datain;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.config.SegmentSource;
import org.sobridge.ingest.HttpProblem;

/** {@code /v1/segment/{source}}: picks the configured source by its name (404 when there is none). */
public final class SelectSegmentSource implements Processor {

    /** The path parameter platform-http puts into this header. */
    public static final String HEADER = "source";

    private final SegmentSources sources;

    public SelectSegmentSource(SegmentSources sources) {
        this.sources = sources;
    }

    @Override
    public void process(Exchange exchange) {
        String name = exchange.getMessage().getHeader(HEADER, String.class);
        SegmentSource source = sources.byName(name);
        if (source == null || SegmentSource.DEFAULT.equals(name)) {
            throw new HttpProblem(404, "unknown Segment source: " + name);
        }
        exchange.setProperty(SegmentSources.PROPERTY, source.name());
    }
}
