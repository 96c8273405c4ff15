package org.sobridge.dataout;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/** The Segment event names that are sent (SEGMENT_EVENTS, as BridgeConfig resolved it). As a predicate: the body's. */
public final class SegmentEventFilter implements Predicate {

    private final Set<String> enabled;

    public SegmentEventFilter(Set<String> enabled) {
        this.enabled = enabled.stream().map(SegmentEventFilter::normal).collect(Collectors.toUnmodifiableSet());
    }

    public boolean enabled(String eventName) {
        return enabled.contains(normal(eventName));
    }

    public boolean enabled(PendingTrack track) {
        return enabled(track.eventName());
    }

    @Override
    public boolean matches(Exchange exchange) {
        return enabled(exchange.getMessage().getBody(PendingTrack.class));
    }

    private static String normal(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
