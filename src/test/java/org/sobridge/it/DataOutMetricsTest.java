package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16.11: the Prometheus counters on /observe/metrics hold exactly what happened in a Data Out run with known
 * drops, dead letters and 503s, checked against the answers, the dead-letter file and what Segment's fake received.
 */
class DataOutMetricsTest {

    static final String TOKEN = "metrics-token";
    static final String OUT = "direction=\"onesignal-to-segment\"";

    @TempDir
    static Path deadLetters;

    static WireMockServer segment;
    static RunningBridge bridge;
    static int managementPort;

    @BeforeAll
    static void start() {
        segment = new WireMockServer(wireMockConfig().dynamicPort());
        segment.start();
        managementPort = RunningBridge.freePort();
        Map<String, String> p = new HashMap<>();
        p.put("camel.main.name", "metrics-bridge");
        p.put("camel.management.enabled", "true");
        p.put("camel.management.host", "127.0.0.1");
        p.put("camel.management.port", String.valueOf(managementPort));
        p.put("segment.api-url", "http://127.0.0.1:" + segment.port());
        p.put("segment.write-key", "WK");
        p.put("onesignal.events-token", TOKEN);
        p.put("segment.events", "Push Clicked");
        p.put("segment.linger-ms", "200");
        p.put("segment.max-retries", "1");
        p.put("segment.retry-delay-ms", "50");
        p.put("dead-letter.dir", deadLetters.toString());
        bridge = RunningBridge.start(p);
    }

    @AfterAll
    static void stop() {
        bridge.close();
        segment.stop();
    }

    static HttpResponse<String> send(List<String> events) {
        return bridge.post("/v1/onesignal/events", OneSignalEvents.request(events), "Authorization", "Bearer " + TOKEN);
    }

    static void segmentAnswers(int status) {
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(status)
                .withBody(status == 200 ? "{\"success\":true}" : "{\"success\":false,\"message\":\"no\"}")));
    }

    /** Every sample of the Prometheus text, as name{labels} (labels in the order written) to value. */
    static Map<String, Double> scrape() {
        HttpResponse<String> metrics = BridgeProcess.get(managementPort, "/observe/metrics");
        assertEquals(200, metrics.statusCode());
        Map<String, Double> samples = new TreeMap<>();
        Matcher line = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$").matcher(metrics.body());
        while (line.find()) {
            samples.put(line.group(1), Double.parseDouble(line.group(2)));
        }
        return samples;
    }

    static double counter(Map<String, Double> samples, String name, String labels) {
        return samples.getOrDefault(name + "{" + labels + "}", 0.0);
    }

    static long segmentCalls(int status) {
        return OneSignalEvents.batchCalls(segment).stream().filter(c -> c.getResponse().getStatus() == status).count();
    }

    @Test
    void theCountersHoldExactlyWhatHappened() {
        Map<String, Double> before = scrape();

        // 5 events: 3 delivered, 1 of an unknown kind, 1 not enabled in SEGMENT_EVENTS
        segmentAnswers(200);
        String sms = OneSignalEvents.click("m-sms", "u").replace("message.push.clicked", "message.sms.sent");
        String pigeon = OneSignalEvents.click("m-pigeon", "u").replace("message.push.clicked", "message.carrier.pigeon");
        assertEquals(200, send(List.of(OneSignalEvents.click("m-1", "u1"), sms, OneSignalEvents.click("m-2", "u2"),
                pigeon, OneSignalEvents.click("m-3", "u3"))).statusCode());
        // 2 events: 1 delivered, 1 over 32 KB (dropped and dead-lettered)
        assertEquals(200, send(List.of(OneSignalEvents.click("m-4", "u4"),
                OneSignalEvents.click("m-big", "u5", 33 * 1024))).statusCode());
        // 3 events Segment refuses for good (dropped and dead-lettered)
        segmentAnswers(400);
        assertEquals(200, send(List.of(OneSignalEvents.click("m-5", "u"), OneSignalEvents.click("m-6", "u"),
                OneSignalEvents.click("m-7", "u"))).statusCode());
        // 2 events Segment cannot take now (500, then its one retry): the request is answered 503
        segmentAnswers(500);
        assertEquals(503, send(List.of(OneSignalEvents.click("m-8", "u"), OneSignalEvents.click("m-9", "u")))
                .statusCode());

        Map<String, Double> after = scrape();
        Map<String, Double> delta = new TreeMap<>();
        after.forEach((name, value) -> {
            if (name.startsWith("bridge_events_") || name.startsWith("bridge_requests_unavailable")
                    || name.startsWith("bridge_downstream_responses")) {
                double change = value - before.getOrDefault(name, 0.0);
                if (change != 0) {
                    delta.put(name, change);
                }
            }
        });
        String all = delta.toString();

        // events of the requests answered 2xx: received = accepted + dropped (10 = 4 + 6)
        assertEquals(10, counter(delta, "bridge_events_received_total", OUT), all);
        assertEquals(4, counter(delta, "bridge_events_accepted_total", OUT), all);
        assertEquals(1, counter(delta, "bridge_events_dropped_total", OUT + ",reason=\"unknown event kind\""), all);
        assertEquals(1, counter(delta, "bridge_events_dropped_total",
                OUT + ",reason=\"event not enabled in segment_events\""), all);
        assertEquals(1, counter(delta, "bridge_events_dropped_total",
                OUT + ",reason=\"over segment's 32 kb event limit\""), all);
        assertEquals(3, counter(delta, "bridge_events_dropped_total", OUT + ",reason=\"segment answered 400\""), all);
        assertEquals(4, counter(delta, "bridge_events_dead_lettered_total", OUT), all);
        assertEquals(1, counter(delta, "bridge_requests_unavailable_total", OUT), all);
        // one count per answer Segment gave, as its fake saw them
        assertEquals(segmentCalls(200), counter(delta, "bridge_downstream_responses_total",
                "downstream=\"segment\",status=\"200\""), all);
        assertEquals(1, counter(delta, "bridge_downstream_responses_total", "downstream=\"segment\",status=\"400\""), all);
        assertEquals(2, counter(delta, "bridge_downstream_responses_total", "downstream=\"segment\",status=\"500\""), all);
        assertEquals(segmentCalls(200) + 3, OneSignalEvents.batchCalls(segment).size());
        // nothing else moved (no other reason, direction or status)
        assertEquals(11, delta.size(), all);

        // and the counters agree with what is on disk and what Segment accepted
        assertEquals(4, OneSignalEvents.deadLetters(deadLetters).size());
        long accepted = OneSignalEvents.batchCalls(segment).stream().filter(c -> c.getResponse().getStatus() == 200)
                .mapToLong(c -> OneSignalEvents.messageIds(c).size()).sum();
        assertEquals(4, accepted);
        for (ServeEvent refused : OneSignalEvents.batchCalls(segment)) {
            if (refused.getResponse().getStatus() == 400) {
                assertEquals(3, OneSignalEvents.messageIds(refused).size());
            }
        }
    }
}
