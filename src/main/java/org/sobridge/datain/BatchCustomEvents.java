package org.sobridge.datain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IngestReport;
import org.sobridge.mapping.CustomEvents;

/**
 * Body ← the custom-events calls of one webhook request: its custom events, per app, in as few calls as
 * OneSignal's 1 MB request limit allows (usually one).
 */
public final class BatchCustomEvents implements Processor {

    private final int maxRequestBytes;

    public BatchCustomEvents(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void process(Exchange exchange) {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        exchange.getMessage().setBody(calls(report.awaited(PendingCustomEvent.class), maxRequestBytes));
    }

    static List<CustomEventsCall> calls(List<PendingCustomEvent> pending, int maxRequestBytes) {
        Map<String, List<PendingCustomEvent>> byApp = new LinkedHashMap<>();
        pending.forEach(p -> byApp.computeIfAbsent(p.appId(), k -> new ArrayList<>()).add(p));
        List<CustomEventsCall> calls = new ArrayList<>();
        byApp.forEach((appId, events) -> {
            Map<CustomEvents.Event, PendingCustomEvent> owner = new java.util.IdentityHashMap<>();
            events.forEach(p -> owner.put(p.event(), p));
            for (List<CustomEvents.Event> batch : CustomEvents.batches(
                    events.stream().map(PendingCustomEvent::event).toList(), maxRequestBytes)) {
                calls.add(new CustomEventsCall(appId, batch.stream().map(owner::get).toList()));
            }
        });
        return calls;
    }
}
