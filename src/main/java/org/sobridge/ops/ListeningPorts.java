package org.sobridge.ops;

import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.sobridge.config.InvalidConfigurationException;

/**
 * The bridge listens on its ports or does not run. Vert.x reports a port it cannot bind (another process holds it)
 * only in its log and Camel starts anyway, nothing serving and readiness UP; here such a port stops start-up with
 * one line naming the port and its variable: {@link #requireFree} before Camel binds (the usual case, without
 * Vert.x's stack trace), and as a start-up listener once the servers started (another process took the port in
 * between).
 */
public final class ListeningPorts implements StartupListener {

    public static final String PORT = "BRIDGE_PORT";
    public static final String MANAGEMENT_PORT = "BRIDGE_MANAGEMENT_PORT";

    /** A port (not 0: any free port) that no other process may hold: checked by binding it once. */
    public static void requireFree(String variable, String host, int port) {
        if (port == 0) {
            return;
        }
        String problem = bindProblem(host, port);
        if (problem != null) {
            throw cannotListen(variable, host, port, problem);
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        for (VertxPlatformHttpServer server : context.hasServices(VertxPlatformHttpServer.class)) {
            HttpServer http = server.getServer();
            // Vert.x's server class says whether its bind succeeded (its actual port stays the configured one)
            if (http instanceof TCPServerBase tcp && !tcp.isListening()) {
                String problem = bindProblem(server.getHost(), server.getConfigurationPort());
                throw cannotListen(variable(context, server), server.getHost(), server.getConfigurationPort(),
                        problem == null ? "the server did not start" : problem);
            }
        }
    }

    /** The variable that sets this server's port: the management server's, or the ingest endpoints'. */
    private static String variable(CamelContext context, VertxPlatformHttpServer server) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(server.getConfigurationPort()));
        return router != null && router.isManagementServer() ? MANAGEMENT_PORT : PORT;
    }

    /** Why this host and port cannot be bound now (e.g. "Address already in use"), or null when they can. */
    private static String bindProblem(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
            return null;
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static InvalidConfigurationException cannotListen(String variable, String host, int port, String problem) {
        return new InvalidConfigurationException(variable, "cannot listen on " + host + ":" + port + " (" + problem + ")",
                "a port no other process uses");
    }
}
