package org.sobridge.ops;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.camel.NonManagedService;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Camel's "event" developer console (what {@code camel get event} shows) for context and route events only. Camel's
 * own console listens to exchange events too, and the CLI connector resolves it every second: once it listens,
 * Camel builds an event object on every step of every exchange (the cost the bridge avoids by switching off the
 * Micrometer event notifiers). This one ignores exchange events, so Camel does not create them.
 */
public final class LifecycleEventsConsole extends AbstractDevConsole {

    private static final int CAPACITY = 25;

    private final Deque<CamelEvent> contextEvents = new ArrayDeque<>();
    private final Deque<CamelEvent> routeEvents = new ArrayDeque<>();
    private final Listener listener = new Listener();

    public LifecycleEventsConsole() {
        super("camel", "event", "Camel Events", "The most recent context and route events");
    }

    @Override
    protected void doStart() throws Exception {
        getCamelContext().getManagementStrategy().addEventNotifier(listener);
    }

    @Override
    protected void doStop() throws Exception {
        getCamelContext().getManagementStrategy().removeEventNotifier(listener);
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder text = new StringBuilder();
        synchronized (listener) {
            contextEvents.forEach(e -> text.append("    ").append(e).append('\n'));
            routeEvents.forEach(e -> text.append("    ").append(e).append('\n'));
        }
        return text.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        synchronized (listener) {
            root.put("events", toJson(contextEvents));
            root.put("routeEvents", toJson(routeEvents));
        }
        return root;
    }

    private static JsonArray toJson(Deque<CamelEvent> events) {
        JsonArray list = new JsonArray();
        for (CamelEvent event : events) {
            JsonObject entry = new JsonObject();
            entry.put("type", event.getType().toString());
            entry.put("timestamp", event.getTimestamp());
            entry.put("message", event.toString());
            list.add(entry);
        }
        return list;
    }

    private final class Listener extends EventNotifierSupport implements NonManagedService {

        Listener() {
            // set before the notifier is added: Camel decides then whether exchanges need events at all
            setIgnoreExchangeEvents(true);
            setIgnoreStepEvents(true);
        }

        @Override
        public void notify(CamelEvent event) {
            synchronized (this) {
                Deque<CamelEvent> to = event instanceof CamelEvent.RouteEvent ? routeEvents : contextEvents;
                if (to.size() == CAPACITY) {
                    to.removeFirst();
                }
                to.addLast(event);
            }
        }
    }
}
