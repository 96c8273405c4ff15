package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The useful-work ceiling: a bare Vert.x HTTP server that reads the body, parses it with Jackson (readTree), maps
 * the dozen fields a bridge would keep and answers them as JSON, on the event loop. One verticle per visible CPU.
 * Port: BASELINE_PORT (default 18081). Any POST path.
 */
public final class VertxBaseline extends AbstractVerticle {

    static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) {
        int port = Integer.parseInt(env("BASELINE_PORT", "18081"));
        String host = env("BENCH_HOST", "127.0.0.1");
        Vertx vertx = Vertx.vertx();
        int instances = Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new VertxBaseline(host, port), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("VertxBaseline listening on " + host + ":" + port
                        + " (" + instances + " verticles)"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private final String host;
    private final int port;

    VertxBaseline(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void start(io.vertx.core.Promise<Void> started) {
        vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(req -> req.body().onSuccess(buf -> {
                    try {
                        byte[] out = MAPPER.writeValueAsBytes(map(MAPPER.readTree(buf.getBytes())));
                        req.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(out));
                    } catch (Exception e) {
                        req.response().setStatusCode(400).end("{\"error\":\"bad json\"}");
                    }
                }))
                .listen()
                .onSuccess(s -> started.complete())
                .onFailure(started::fail);
    }

    /** The 12 fields of perf-method.md: what a Segment → OneSignal mapping actually reads. */
    static ObjectNode map(JsonNode in) {
        JsonNode traits = in.path("traits");
        JsonNode address = traits.path("address");
        ObjectNode out = MAPPER.createObjectNode();
        out.put("userId", in.path("userId").asText());
        out.put("anonymousId", in.path("anonymousId").asText());
        out.put("type", in.path("type").asText());
        out.put("messageId", in.path("messageId").asText());
        out.put("timestamp", in.path("timestamp").asText());
        ObjectNode tags = out.putObject("tags");
        tags.put("email", traits.path("email").asText());
        tags.put("name", traits.path("name").asText());
        tags.put("plan", traits.path("plan").asText());
        tags.put("logins", traits.path("logins").asText());
        tags.put("city", address.path("city").asText());
        tags.put("country", address.path("country").asText());
        tags.put("ip", in.path("context").path("ip").asText());
        return out;
    }

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
