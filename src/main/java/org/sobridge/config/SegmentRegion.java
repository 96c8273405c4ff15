package org.sobridge.config;

import java.net.URI;

/** Segment's data-residency regions and their HTTP Tracking API hosts. */
public enum SegmentRegion {
    US("https://api.segment.io"),
    EU("https://events.eu1.segmentapis.com");

    private final URI apiUrl;

    SegmentRegion(String apiUrl) {
        this.apiUrl = URI.create(apiUrl);
    }

    public URI apiUrl() {
        return apiUrl;
    }
}
