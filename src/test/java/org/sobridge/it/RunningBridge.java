package org.sobridge.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.main.Main;
import org.sobridge.Application;

/**
 * The real bridge (camel-main, ./application.properties, ./routes/*.camel.yaml) started in this JVM with
 * test overrides, listening on a random port.
 */
public final class RunningBridge implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Main main;
    private final CamelContext context;
    private final int port;

    private RunningBridge(Main main) {
        this.main = main;
        this.context = main.getCamelContext();
        this.port = context.hasService(VertxPlatformHttpServer.class).getPort();
    }

    /** Properties every test run gets: random port, no reload watcher, no management server, no CLI files. */
    public static Map<String, String> defaults() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.server.port", "0");
        p.put("camel.server.host", "127.0.0.1");
        p.put("camel.management.enabled", "false");
        p.put("camel.main.routesReloadEnabled", "false");
        p.put("bridge.cli-connector", "false");
        p.put("camel.main.shutdownTimeout", "5");
        return p;
    }

    public static RunningBridge start(Map<String, String> overrides) {
        Map<String, String> all = defaults();
        all.putAll(overrides);
        Main main = Application.configure(new Main());
        all.forEach(main::addOverrideProperty);
        main.start();
        return new RunningBridge(main);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public CamelContext context() {
        return context;
    }

    public int port() {
        return port;
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return post(path, HttpRequest.BodyPublishers.ofString(body), headers);
    }

    public HttpResponse<String> post(String path, byte[] body, String... headers) {
        return post(path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        main.stop();
    }
}
