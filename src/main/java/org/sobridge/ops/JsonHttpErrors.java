package org.sobridge.ops;

import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers Vert.x gives before a request reaches a route (body too large, wrong content type, unknown path,
 * wrong method) become JSON {@code {"error", "code", "message"}} ({@link ErrorAnswer}) like every other answer of
 * the bridge, instead of text or HTML. A body too large for a Segment HTTP API path is 400 there, as Segment's API
 * answers it.
 *
 * <p>While the bridge shuts down (SIGTERM) every new request is answered 503 (JSON) so that its sender retries it
 * later or elsewhere, while the requests in flight finish: Camel's graceful shutdown first suspends the HTTP routes
 * (whose own 503 has no body), then removes them once nothing is in flight, and until the server closed a request
 * fell through to a 404, which senders take as final (the events were lost).
 */
public final class JsonHttpErrors implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpErrors.class);

    private static final Map<Integer, String> MESSAGES = Map.of(
            404, "no such endpoint",
            405, "method not allowed; use POST",
            413, "body over the limit of BRIDGE_MAX_BODY_BYTES",
            415, "unsupported content type; send application/json");

    static final String SHUTTING_DOWN = "shutting down, retry later";

    private final Predicate<String> segmentApiPath;
    private volatile CamelContext context;

    /** @param segmentApiPath true for the request paths of the Segment HTTP API ({@code /v1/batch}, ...) */
    public JsonHttpErrors(Predicate<String> segmentApiPath) {
        this.segmentApiPath = segmentApiPath;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        if (server == null) {
            return;
        }
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME + "-" + server.getConfigurationPort());
        if (router == null) {
            return;
        }
        this.context = context;
        // a catch-all route first: while shutting down it answers new requests 503; its failure handler is called
        // for failures of any request on this router
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (shuttingDown()) {
                answer(ctx, 503, SHUTTING_DOWN);
            } else {
                ctx.next();
            }
        }).failureHandler(ctx -> {
            if (ctx.failure() instanceof HttpClosedException) {
                // the client went away before its answer (its own timeout, a restart): nothing to answer, and
                // not an error of the bridge (Vert.x would log it at ERROR with a stack trace)
                LOG.debug("Client closed the connection before the answer of {} {}", ctx.request().method(),
                        ctx.request().path());
                return;
            }
            String message = MESSAGES.get(ctx.statusCode());
            if (message == null) {
                ctx.next();
            } else {
                answer(ctx, ctx.statusCode(), message);
            }
        });
        MESSAGES.forEach((status, message) -> router.errorHandler(status, ctx -> answer(ctx, status, message)));
        // Camel mounts the routes' router below the server's main router, and an unmatched path, method or content
        // type falls back to the main router, which would answer with an empty body (405, 415) or HTML (404)
        Router main = mainRouter(server);
        if (main != null) {
            MESSAGES.forEach((status, message) -> main.errorHandler(status, ctx -> answer(ctx, status, message)));
        }
    }

    /** The server's main router: Camel keeps it in a private field (4.18), so it is read by reflection. */
    private static Router mainRouter(VertxPlatformHttpServer server) {
        try {
            Field field = VertxPlatformHttpServer.class.getDeclaredField("router");
            field.setAccessible(true);
            return (Router) field.get(server);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("404, 405 and 415 answers stay Vert.x's own (not JSON): {}", e.toString());
            return null;
        }
    }

    private boolean shuttingDown() {
        CamelContext camel = context;
        return camel != null && (camel.isStopping() || camel.isStopped());
    }

    private void answer(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        if ((status == 404 || status == 405) && shuttingDown()) {
            // the bridge's routes are being removed: not "no such endpoint", the sender must retry
            status = 503;
            message = SHUTTING_DOWN;
        }
        String code = ErrorAnswer.codeFor(status);
        ctx.response().setStatusCode(ErrorAnswer.status(status, segmentApiPath.test(ctx.request().path())))
                .putHeader("Content-Type", "application/json")
                .end(ErrorAnswer.json(code, message));
    }
}
