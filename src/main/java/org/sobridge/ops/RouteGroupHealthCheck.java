package org.sobridge.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One part of the bridge in /observe/health: the routes of a group (the {@code group:} of each route in
 * routes/*.camel.yaml, e.g. {@code data-in}) that should run are started. A route that does not start by itself
 * (the Kafka routes in direct mode, a dead-letter-topic replay an operator starts over JMX) is stopped by design and
 * not reported; a route that should run and is not started (stopped over JMX, failed) makes the check DOWN, naming
 * it, and so readiness (not liveness: the process itself is fine).
 */
public final class RouteGroupHealthCheck extends AbstractHealthCheck {

    private final String group;
    private final String description;
    private final String note;

    /**
     * @param group       the routes' {@code group}, also the check's id
     * @param description what the group does, e.g. "Segment → OneSignal", the start of the message
     * @param note        said when all is well, e.g. " (dry-run: nothing is sent to OneSignal)", or ""
     */
    public RouteGroupHealthCheck(CamelContext context, String group, String description, String note) {
        super("bridge", group);
        this.group = group;
        this.description = description;
        this.note = note;
        setCamelContext(context);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CamelContext context = getCamelContext();
        List<String> started = new ArrayList<>();
        List<String> notStarted = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (!group.equals(route.getGroup()) || !route.isAutoStartup()) {
                continue;
            }
            ServiceStatus status = context.getRouteController().getRouteStatus(route.getId());
            if (status != null && status.isStarted()) {
                started.add(route.getId());
            } else {
                notStarted.add(route.getId() + " (" + (status == null ? "unknown" : status.name()) + ")");
            }
        }
        builder.detail("routes.started", started.size());
        if (!notStarted.isEmpty()) {
            builder.detail("routes.notStarted", String.join(", ", notStarted));
            builder.message(description + ": routes not started: " + String.join(", ", notStarted));
            builder.down();
        } else if (started.isEmpty()) {
            builder.message(description + ": no routes of group " + group);
            builder.down();
        } else {
            builder.message(description + ": " + started.size() + " routes started" + note);
            builder.up();
        }
    }
}
