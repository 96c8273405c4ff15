package org.sobridge.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The bridge as users run it: its own JVM, configured by environment variables only. */
public final class BridgeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private BridgeProcess(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts with BRIDGE_PORT/BRIDGE_MANAGEMENT_PORT on free ports plus the given environment. */
    public static BridgeProcess start(Map<String, String> env) throws IOException {
        int port = RunningBridge.freePort();
        int managementPort = RunningBridge.freePort();
        Path log = Files.createTempFile("bridge-", ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.sobridge.Application")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("BRIDGE_PORT", String.valueOf(port));
        builder.environment().put("BRIDGE_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().put("BRIDGE_HOST", "127.0.0.1");
        builder.environment().putAll(env);
        return new BridgeProcess(builder.start(), log, port, managementPort);
    }

    public BridgeProcess awaitHealthy() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("bridge exited with " + process.exitValue() + ":\n" + output());
                    }
                    return get(managementPort, "/observe/health").statusCode() == 200;
                });
        return this;
    }

    /** Webhook requests in flight in an HTTP route, from the Prometheus metrics. */
    public int inflight(String routeId) {
        String metrics = get(managementPort, "/observe/metrics").body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("bridge_requests_inflight") && line.contains("route=\"" + routeId + "\"")) {
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** The value of a metric without labels, from the Prometheus metrics (0 when absent). */
    public double metric(String name) {
        for (String line : get(managementPort, "/observe/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** The sum of a metric over all its labels, from the Prometheus metrics (0 when absent). */
    public double metricSum(String name) {
        double sum = 0;
        for (String line : get(managementPort, "/observe/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

        public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public Process process() {
        return process;
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    public static java.net.http.HttpResponse<String> get(int port, String path) {
        return RunningBridge.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build());
    }

    /** Waits for the process to end by itself and returns its exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("bridge did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // temp file
        }
    }
}
