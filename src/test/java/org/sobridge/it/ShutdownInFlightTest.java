package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sobridge.json.Json;

/**
 * Issue 16.10: SIGTERM with webhook requests in flight, the bridge as its own process (camel.main.shutdownTimeout
 * as shipped, 30 s). 50 requests whose OneSignal write is answered 500 ms after the SIGTERM, 10 whose write
 * OneSignal refused with 503 and
 * Retry-After: 20 (so they are waiting to retry), and new requests every 50 ms until the process is gone. Per
 * request: every request whose connection was open gets an HTTP answer, none is reset; each one answered 2xx was
 * delivered (OneSignal received its user's PATCH); the others are 503 with a JSON body (the sender retries), never
 * 404 or 500 (final for senders, or a bridge bug). The port closes once the last request in flight was answered:
 * a request sent before that is answered; after it a connection is refused (or reset if it raced the close, never
 * processed). The shutdown does not wait out the 20 s retries (nor run into its timeout, which would cut requests
 * off unanswered).
 */
class ShutdownInFlightTest {

    static final int IN_FLIGHT = 50;
    static final int RETRYING = 10;

    @TempDir
    Path deadLetters;

    static String identify(String user) {
        return "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"messageId\":\"m-" + user
                + "\",\"traits\":{\"plan\":\"pro\"}}";
    }

    /** What became of one request: its answer, or the exception instead of one; when it was sent and ended. */
    record Outcome(String user, HttpResponse<String> response, Throwable failure, long sentAt, long endedAt) {

        String describe() {
            return user + ": " + (failure != null ? failure.toString()
                    : response.statusCode() + " " + response.body());
        }
    }

    static CompletableFuture<Outcome> send(HttpClient client, int port, String user) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/segment"))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(identify(user))).build();
        long sentAt = System.nanoTime();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> new Outcome(user, response,
                        failure instanceof CompletionException ? failure.getCause() : failure, sentAt,
                        System.nanoTime()));
    }

    static boolean patched(WireMockServer oneSignal, String user) {
        return !oneSignal.findAll(patchRequestedFor(urlEqualTo("/apps/app/users/by/external_id/" + user))).isEmpty();
    }

    static boolean isRetryable503(HttpResponse<String> response) {
        try {
            return response.statusCode() == 503
                    && "unavailable".equals(Json.mapper().readTree(response.body()).path("code").asText());
        } catch (Exception notJson) {
            return false;
        }
    }

    /**
     * Holds OneSignal's answers to the in-flight users' writes until it is opened, so that all 50 requests are in
     * flight at once at the SIGTERM however slow the machine; each answer then still takes its 500 ms.
     */
    static final class Gate implements ResponseDefinitionTransformerV2 {

        final CountDownLatch open = new CountDownLatch(1);
        final AtomicInteger waiting = new AtomicInteger();

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            if (serveEvent.getRequest().getUrl().contains("/inflight-")) {
                waiting.incrementAndGet();
                try {
                    open.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return serveEvent.getResponseDefinition();
        }

        @Override
        public String getName() {
            return "gate";
        }
    }

    @Test
    void sigtermAnswersEveryOpenRequestAndDeliversEveryOneAnswered2xx() throws Exception {
        Gate gate = new Gate();
        WireMockServer oneSignal = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(150)
                .extensions(gate));
        oneSignal.start();
        oneSignal.stubFor(patch(urlMatching("/apps/app/users/by/external_id/(inflight|late)-.*"))
                .willReturn(aResponse().withStatus(202).withBody("{}").withFixedDelay(500)));
        oneSignal.stubFor(patch(urlMatching("/apps/app/users/by/external_id/retrying-.*"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "20")));
        // one connection per request, as the webhook senders open them
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String> env = Map.of("ONESIGNAL_API_URL", "http://127.0.0.1:" + oneSignal.port(),
                "ONESIGNAL_API_KEY", "key", "ONESIGNAL_APP_ID", "app", "SEGMENT_WRITE_KEY", "wk",
                "DEAD_LETTER_DIR", deadLetters.toString());
        try (BridgeProcess bridge = BridgeProcess.start(env).awaitHealthy()) {
            List<CompletableFuture<Outcome>> inFlight = new ArrayList<>();
            List<CompletableFuture<Outcome>> retrying = new ArrayList<>();
            for (int i = 0; i < RETRYING; i++) {
                retrying.add(send(client, bridge.port(), "retrying-" + i));
            }
            // each retrying request got its 503 and now waits for its Retry-After
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                    java.util.stream.IntStream.range(0, RETRYING).allMatch(i -> patched(oneSignal, "retrying-" + i)));
            for (int i = 0; i < IN_FLIGHT; i++) {
                inFlight.add(send(client, bridge.port(), "inflight-" + i));
            }
            // every in-flight request's write is at OneSignal, and the bridge holds all 60 requests
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> gate.waiting.get() == IN_FLIGHT);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> bridge.inflight("segment-ingest") == IN_FLIGHT + RETRYING);

            long sigterm = System.nanoTime();
            bridge.process().destroy(); // SIGTERM
            gate.open.countDown(); // OneSignal answers the 50 writes, each 500 ms from now
            List<CompletableFuture<Outcome>> late = new ArrayList<>();
            while (bridge.process().isAlive() && late.size() < 1000) {
                late.add(send(client, bridge.port(), "late-" + late.size()));
                Thread.sleep(50); // pacing the senders, not synchronisation
            }
            int status = bridge.awaitExit(Duration.ofSeconds(60));
            long shutdownMs = (System.nanoTime() - sigterm) / 1_000_000;
            assertTrue(status == 0 || status == 143, "clean exit on SIGTERM, not " + status + ":\n" + bridge.output());

            List<String> problems = new ArrayList<>();
            long lastOpenAnswer = 0;
            for (CompletableFuture<Outcome> call : inFlight) {
                Outcome outcome = call.get();
                lastOpenAnswer = Math.max(lastOpenAnswer, outcome.endedAt());
                if (outcome.failure() != null || outcome.response().statusCode() != 200) {
                    problems.add("in flight, not answered 200: " + outcome.describe());
                } else if (!patched(oneSignal, outcome.user())) {
                    problems.add("answered 200 but OneSignal has no PATCH: " + outcome.describe());
                }
            }
            for (CompletableFuture<Outcome> call : retrying) {
                Outcome outcome = call.get();
                lastOpenAnswer = Math.max(lastOpenAnswer, outcome.endedAt());
                if (outcome.failure() != null || !isRetryable503(outcome.response())) {
                    problems.add("waiting for a retry, not answered 503: " + outcome.describe());
                }
            }
            int servedMeanwhile = 0;
            for (CompletableFuture<Outcome> call : late) {
                Outcome outcome = call.get();
                boolean whileServing = outcome.sentAt() < lastOpenAnswer;
                servedMeanwhile += whileServing ? 1 : 0;
                if (outcome.failure() != null) {
                    // the port is closed once the last request in flight was answered: from then on a connection
                    // is refused, or reset if it raced the close (never processed; the sender retries it). Before
                    // that the server is open and every request must get an answer.
                    if (whileServing) {
                        problems.add("sent while the bridge was serving, no answer: " + outcome.describe());
                    } else if (!(outcome.failure() instanceof java.io.IOException)) {
                        problems.add("failed with " + outcome.describe());
                    }
                } else if (outcome.response().statusCode() == 200) {
                    if (!patched(oneSignal, outcome.user())) {
                        problems.add("answered 200 but OneSignal has no PATCH: " + outcome.describe());
                    }
                } else if (!isRetryable503(outcome.response())) {
                    problems.add("during the shutdown answered neither 2xx nor 503: " + outcome.describe());
                }
            }
            if (!problems.isEmpty()) {
                fail(problems.size() + " requests lost or wrongly answered:\n" + String.join("\n", problems)
                        + "\n--- bridge log ---\n" + bridge.output());
            }
            assertTrue(servedMeanwhile > 0, "some requests arrived while the shutdown drained the others");
            assertFalse(bridge.output().contains("Timeout occurred during graceful shutdown"), bridge.output());
            assertTrue(shutdownMs < 15_000, "the shutdown did not wait out the 20 s Retry-After: " + shutdownMs + " ms");
        } finally {
            gate.open.countDown();
            oneSignal.stop();
        }
    }
}
