package org.sobridge.datain;

import java.util.Map;
import org.apache.camel.Exchange;
import org.sobridge.config.SegmentSource;

/**
 * The configured Segment sources. A request's source travels as the exchange property {@link #PROPERTY}
 * (absent: the default source of {@code /v1/segment}); processors and routes read it from there, so one set of
 * routes serves every source.
 */
public final class SegmentSources {

    /** Exchange property holding the name of the request's source. */
    public static final String PROPERTY = "segmentSource";

    private final Map<String, SegmentSource> sources;

    public SegmentSources(Map<String, SegmentSource> sources) {
        this.sources = Map.copyOf(sources);
        if (!this.sources.containsKey(SegmentSource.DEFAULT)) {
            throw new IllegalArgumentException("no default source");
        }
    }

    /** The named source, or null when none has that name. */
    public SegmentSource byName(String name) {
        return name == null ? null : sources.get(name);
    }

    /** The source of the request this exchange belongs to. */
    public SegmentSource of(Exchange exchange) {
        String name = exchange.getProperty(PROPERTY, String.class);
        SegmentSource source = name == null ? null : sources.get(name);
        return source != null ? source : sources.get(SegmentSource.DEFAULT);
    }

    /** The Authorization header of OneSignal calls made for this exchange's source (used by the routes). */
    public String oneSignalAuthorization(Exchange exchange) {
        return of(exchange).authorization();
    }
}
