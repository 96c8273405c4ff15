package org.sobridge.datain;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.sobridge.config.SegmentSource;
import org.sobridge.downstream.HttpCall;
import org.sobridge.mapping.PathSegment;

/**
 * The configured Segment sources. A request's source travels as the exchange property {@link #PROPERTY}
 * (absent: the default source of {@code /v1/segment}); processors and routes read it from there, so one set of
 * routes serves every source.
 */
public final class SegmentSources {

    /** Exchange property holding the name of the request's source. */
    public static final String PROPERTY = "segmentSource";

    private final Map<String, SegmentSource> sources;
    private final Map<String, SegmentSource> byAppPath = new HashMap<>();

    public SegmentSources(Map<String, SegmentSource> sources) {
        this.sources = Map.copyOf(sources);
        if (!this.sources.containsKey(SegmentSource.DEFAULT)) {
            throw new IllegalArgumentException("no default source");
        }
        // in the configured order: when two sources name the same app, the first one's key is used for it
        sources.values().forEach(source -> byAppPath.putIfAbsent(
                "/apps/" + PathSegment.encode(source.appId()) + "/", source));
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

    /**
     * The Authorization header of the OneSignal call in the body: the key of the source whose app the call's path
     * names (a Kafka poll, or a user write, can hold events of several sources), else of the exchange's source.
     */
    public String oneSignalAuthorization(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof HttpCall call) {
            String path = call.path();
            int appEnd = path.startsWith("/apps/") ? path.indexOf('/', "/apps/".length()) : -1;
            SegmentSource source = appEnd < 0 ? null : byAppPath.get(path.substring(0, appEnd + 1));
            if (source != null) {
                return source.authorization();
            }
        }
        return of(exchange).authorization();
    }
}
