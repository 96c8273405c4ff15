package org.sobridge.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.json.Json;

/**
 * "What happened to my event?" on the management port, next to /observe/health and /observe/metrics:
 * <ul>
 *   <li>{@code GET /observe/events/<messageId>}: the outcomes remembered for that id, newest first (404 when
 *   none);</li>
 *   <li>{@code GET /observe/events?outcome=dropped|dead-letter|retry-later|delivered&limit=N}: the newest
 *   outcomes, of one kind or all (limit 100 unless given).</li>
 * </ul>
 * Camel serves /observe from its management server's Vert.x router (camel-platform-http-main); platform-http
 * routes cannot bind that port, so these two handlers are added to that router once Camel started.
 */
public final class EventsEndpoint implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventsEndpoint.class);

    static final int DEFAULT_LIMIT = 100;

    private final EventOutcomes outcomes;

    public EventsEndpoint(EventOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null) {
            return; // camel.management.enabled=false: no management port
        }
        VertxPlatformHttpRouter router = server.getRouter();
        if (router == null) {
            LOG.warn("The management server has no router: /observe/events is not served");
            return;
        }
        // next to /observe/health (camel.management.healthPath)
        String health = server.getHealthPath();
        String base = health.substring(0, health.lastIndexOf('/')) + "/events";
        // on a worker thread: a look-up scans the whole ring (up to BRIDGE_EVENT_OUTCOMES), not for an event loop
        router.route(base).method(HttpMethod.GET).blockingHandler(this::list, false);
        router.route(base + "/:messageId").method(HttpMethod.GET).blockingHandler(this::byMessageId, false);
        // listed in the start-up summary of management endpoints, next to /observe/health
        PlatformHttpComponent http = context.getComponent("platform-http", PlatformHttpComponent.class);
        if (http != null) {
            http.addHttpManagementEndpoint(base, "GET", null, "application/json", null);
            http.addHttpManagementEndpoint(base + "/{messageId}", "GET", null, "application/json", null);
        }
    }

    private void byMessageId(RoutingContext ctx) {
        String messageId = ctx.pathParam("messageId"); // decoded by Vert.x
        List<EventOutcome> found = outcomes.of(messageId);
        if (found.isEmpty()) {
            answer(ctx, 404, Json.mapper().createObjectNode().put("error", "no outcome remembered for messageId "
                    + messageId + " (the last " + outcomes.capacity() + " outcomes are kept)"));
            return;
        }
        ObjectNode json = Json.mapper().createObjectNode().put("messageId", messageId);
        write(json.putArray("outcomes"), found, false);
        answer(ctx, 200, json);
    }

    private void list(RoutingContext ctx) {
        String label = ctx.request().getParam("outcome");
        EventOutcome.Kind kind = label == null || label.isEmpty() ? null : EventOutcome.Kind.of(label);
        if (kind == null && label != null && !label.isEmpty()) {
            answer(ctx, 400, Json.mapper().createObjectNode()
                    .put("error", "outcome must be dropped, dead-letter, retry-later or delivered"));
            return;
        }
        int limit = DEFAULT_LIMIT;
        String limitParam = ctx.request().getParam("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1) {
                answer(ctx, 400, Json.mapper().createObjectNode().put("error", "limit must be a positive number"));
                return;
            }
        }
        ObjectNode json = Json.mapper().createObjectNode();
        if (kind != null) {
            json.put("outcome", kind.label());
        }
        write(json.putArray("events"), outcomes.latest(kind, limit), true);
        answer(ctx, 200, json);
    }

    private static void write(ArrayNode list, List<EventOutcome> outcomes, boolean withMessageId) {
        for (EventOutcome outcome : outcomes) {
            ObjectNode entry = list.addObject();
            entry.put("time", Instant.ofEpochMilli(outcome.time()).toString());
            if (withMessageId && outcome.messageId() != null) {
                entry.put("messageId", outcome.messageId());
            }
            entry.put("direction", outcome.direction());
            if (outcome.source() != null) {
                entry.put("source", outcome.source());
            }
            entry.put("outcome", outcome.outcome().label());
            if (outcome.reason() != null) {
                entry.put("reason", outcome.reason());
            }
            if (outcome.status() != 0) {
                entry.put("status", outcome.status());
            }
            if (outcome.attempts() != 0) {
                entry.put("attempts", outcome.attempts());
            }
        }
    }

    private static void answer(RoutingContext ctx, int status, ObjectNode body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }
}
