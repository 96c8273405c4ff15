package org.sobridge.dataout;

import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.IngestReport;
import org.sobridge.json.Json;
import org.sobridge.mapping.DataOutResult;
import org.sobridge.mapping.OneSignalToSegment;

/**
 * Maps one OneSignal message event to a Segment track call (body: {@link PendingTrack}), or records why it is
 * dropped (body: null).
 */
public final class MapOneSignalEvent implements Processor {

    /** Segment's limit for one event. */
    public static final int MAX_EVENT_BYTES = 32 * 1024;

    private final OneSignalToSegment mapper;

    public MapOneSignalEvent(OneSignalToSegment mapper) {
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        IndexedEvent event = exchange.getMessage().getBody(IndexedEvent.class);
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        String eventId = event.event().path("event").path("id").asText(null);
        DataOutResult result = mapper.map(event.event());
        if (result instanceof DataOutResult.Dropped dropped) {
            report.drop(event.index(), eventId, dropped.reason());
            exchange.getMessage().setBody(null);
            return;
        }
        DataOutResult.Track track = (DataOutResult.Track) result;
        byte[] json = Json.mapper().writeValueAsBytes(track.track());
        int size = json.length;
        if (size > MAX_EVENT_BYTES) {
            report.drop(event.index(), eventId,
                    "event of " + size + " bytes is over Segment's limit of " + MAX_EVENT_BYTES + " bytes");
            exchange.getMessage().setBody(null);
            return;
        }
        PendingTrack pending = new PendingTrack(event.index(), eventId, track.eventName(), track.track(), json,
                new CompletableFuture<>(), event.event());
        report.await(pending);
        exchange.getMessage().setBody(pending);
    }
}
