package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fake OneSignal + Segment for the benchmarks (loopback only).
 * <ul>
 *   <li>{@code PATCH /apps/**}{@code /users/**} → 202 {@code {}} (OneSignal user update)</li>
 *   <li>{@code POST /v1/batch} → 200 {@code {"success":true}} (Segment batch), counting events per call</li>
 *   <li>{@code POST /v1/segment} → 200 {@code {}} (only so the fake itself can be load-tested as a reference)</li>
 *   <li>{@code GET /stats} → counters as JSON (with the times of the first and the latest PATCH since the reset, and
 *   the most PATCHes received in one clock second); {@code POST /stats/reset} zeroes them</li>
 *   <li>{@code POST /config?latencyMs=N} → sets the added response latency (also FAKE_LATENCY_MS at start)</li>
 * </ul>
 * The latency is a Vert.x timer: the event loop never sleeps. Port FAKE_PORT (default 19090).
 */
public final class FakeApi extends AbstractVerticle {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static volatile long latencyMs;
    static volatile long startedAt = System.currentTimeMillis();
    static final LongAdder patches = new LongAdder();
    static final LongAdder batchCalls = new LongAdder();
    static final LongAdder batchEvents = new LongAdder();
    static final LongAdder unauthorized = new LongAdder();
    static final LongAdder other = new LongAdder();
    static final LongAdder badBodies = new LongAdder();
    static final LongAccumulator batchMin = new LongAccumulator(Math::min, Long.MAX_VALUE);
    static final LongAccumulator batchMax = new LongAccumulator(Math::max, 0);
    static final Map<Integer, LongAdder> batchSizes = new ConcurrentHashMap<>();
    static final LongAccumulator patchFirst = new LongAccumulator(Math::min, Long.MAX_VALUE);
    static final LongAccumulator patchLast = new LongAccumulator(Math::max, 0);
    static final Map<Long, LongAdder> patchesBySecond = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        int port = Integer.parseInt(VertxBaseline.env("FAKE_PORT", "19090"));
        String host = VertxBaseline.env("BENCH_HOST", "127.0.0.1");
        latencyMs = Long.parseLong(VertxBaseline.env("FAKE_LATENCY_MS", "0"));
        Vertx vertx = Vertx.vertx();
        int instances = Math.max(2, Runtime.getRuntime().availableProcessors());
        vertx.deployVerticle(() -> new FakeApi(host, port), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("FakeApi listening on " + host + ":" + port + ", latency "
                        + latencyMs + " ms (" + instances + " verticles)"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private final String host;
    private final int port;

    FakeApi(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(this::handle)
                .listen()
                .onSuccess(s -> started.complete())
                .onFailure(started::fail);
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        HttpMethod method = req.method();
        if (method == HttpMethod.PATCH && path.startsWith("/apps/") && path.contains("/users/")) {
            req.body().onSuccess(buf -> {
                patches.increment();
                long now = System.currentTimeMillis();
                patchFirst.accumulate(now);
                patchLast.accumulate(now);
                patchesBySecond.computeIfAbsent(now / 1000, k -> new LongAdder()).increment();
                if (req.getHeader("Authorization") == null) {
                    unauthorized.increment();
                }
                if (buf.length() == 0 || buf.getByte(0) != '{') {
                    badBodies.increment();
                }
                answer(req, 202, "{}", latencyMs);
            });
        } else if (method == HttpMethod.POST && path.equals("/v1/batch")) {
            req.body().onSuccess(buf -> {
                int events;
                try {
                    JsonNode batch = MAPPER.readTree(buf.getBytes()).path("batch");
                    events = batch.isArray() ? batch.size() : 0;
                } catch (Exception e) {
                    events = 0;
                }
                if (events == 0) {
                    badBodies.increment();
                }
                batchCalls.increment();
                batchEvents.add(events);
                batchMin.accumulate(events);
                batchMax.accumulate(events);
                batchSizes.computeIfAbsent(events, k -> new LongAdder()).increment();
                if (req.getHeader("Authorization") == null) {
                    unauthorized.increment();
                }
                answer(req, 200, "{\"success\":true}", latencyMs);
            });
        } else if (method == HttpMethod.POST && path.equals("/v1/segment")) {
            req.body().onSuccess(buf -> answer(req, 200, "{}", latencyMs));
        } else if (method == HttpMethod.GET && path.equals("/stats")) {
            answer(req, 200, stats(), 0);
        } else if (method == HttpMethod.POST && path.equals("/stats/reset")) {
            reset();
            answer(req, 200, stats(), 0);
        } else if (method == HttpMethod.POST && path.equals("/config")) {
            String l = req.getParam("latencyMs");
            if (l != null) {
                latencyMs = Long.parseLong(l);
            }
            answer(req, 200, "{\"latencyMs\":" + latencyMs + "}", 0);
        } else if (method == HttpMethod.GET && path.equals("/health")) {
            answer(req, 200, "{\"status\":\"UP\"}", 0);
        } else {
            other.increment();
            answer(req, 404, "{\"error\":\"not faked: " + method + " " + path.replace("\"", "") + "\"}", 0);
        }
    }

    private void answer(HttpServerRequest req, int status, String body, long delayMs) {
        if (delayMs <= 0) {
            send(req, status, body);
        } else {
            vertx.setTimer(delayMs, t -> send(req, status, body));
        }
    }

    private static void send(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    static synchronized void reset() {
        patches.reset();
        batchCalls.reset();
        batchEvents.reset();
        unauthorized.reset();
        other.reset();
        badBodies.reset();
        batchMin.reset();
        batchMax.reset();
        batchSizes.clear();
        patchFirst.reset();
        patchLast.reset();
        patchesBySecond.clear();
        startedAt = System.currentTimeMillis();
    }

    static synchronized String stats() {
        long calls = batchCalls.sum();
        long events = batchEvents.sum();
        Map<Integer, Long> sizes = new TreeMap<>();
        batchSizes.forEach((k, v) -> sizes.put(k, v.sum()));
        StringBuilder hist = new StringBuilder("{");
        sizes.forEach((k, v) -> hist.append(hist.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        hist.append('}');
        return "{\"latencyMs\":" + latencyMs
                + ",\"sinceMs\":" + (System.currentTimeMillis() - startedAt)
                + ",\"patches\":" + patches.sum()
                + ",\"patchFirstMs\":" + (patchFirst.get() == Long.MAX_VALUE ? -1 : patchFirst.get() - startedAt)
                + ",\"patchLastMs\":" + (patchLast.get() == 0 ? -1 : patchLast.get() - startedAt)
                + ",\"patchPeakPerSecond\":" + patchesBySecond.values().stream().mapToLong(LongAdder::sum).max().orElse(0)
                + ",\"batchCalls\":" + calls
                + ",\"batchEvents\":" + events
                + ",\"batchAvg\":" + (calls == 0 ? 0 : Math.round(100.0 * events / calls) / 100.0)
                + ",\"batchMin\":" + (calls == 0 ? 0 : batchMin.get())
                + ",\"batchMax\":" + batchMax.get()
                + ",\"batchSizes\":" + hist
                + ",\"unauthorized\":" + unauthorized.sum()
                + ",\"badBodies\":" + badBodies.sum()
                + ",\"other\":" + other.sum() + "}";
    }
}
