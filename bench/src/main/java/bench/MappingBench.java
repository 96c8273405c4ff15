package bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sobridge.datain.OneSignalRequest;
import org.sobridge.json.Json;
import org.sobridge.mapping.DataInResult;
import org.sobridge.mapping.DataOutResult;
import org.sobridge.mapping.MappingOptions;
import org.sobridge.mapping.OneSignalToSegment;
import org.sobridge.mapping.SegmentToOneSignal;
import org.sobridge.mapping.TagPolicy;

/**
 * Scenario 5: the per-event cost of the bridge's pure mapping code, without Camel, HTTP or threads.
 *
 * <ul>
 *   <li>{@code identifyMap}: {@link SegmentToOneSignal#map} of an already parsed 1.1 KB identify (the event of
 *       bench/post-identify.lua), default tag policy (deny email, phone) and mapping options, as the bridge runs.</li>
 *   <li>{@code identifyParseMapSerialize}: the same from the raw bytes: Jackson readTree with the bridge's
 *       {@link Json} mapper, map, then the calls {@code datain.MapSegmentEvent} builds
 *       ({@link OneSignalRequest#tagUpdates}: path and {@code {"properties":{"tags":{...}}}} body per tag chunk) and
 *       the PATCH body bytes camel-http sends ({@link OneSignalRequest#jsonBytes()}).</li>
 *   <li>{@code eventMap}: {@link OneSignalToSegment#map} of an already parsed OneSignal message event (the event of
 *       bench/post-event.lua).</li>
 *   <li>{@code eventParseMapSerialize}: from the raw bytes: readTree, map, and the one serialisation of
 *       {@code dataout.MapOneSignalEvent} (writeValueAsBytes: its size is checked, and the Segment batch body is
 *       made of these bytes).</li>
 * </ul>
 *
 * Run by bench/run.sh (SCENARIOS=5) through bench/target/jmh.jar; the harness passes -wi/-i/-w/-r/-f and -prof gc.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MappingBench {

    /** bench/post-identify.lua's template, with its three %s filled in as the script does for user 4242. */
    static final String IDENTIFY = "{\"anonymousId\":\"anon-00004242\",\"channel\":\"server\",\"context\":{\"ip\":\"203.0.113.42\","
            + "\"library\":{\"name\":\"analytics-node\",\"version\":\"2.1.2\"},\"locale\":\"fr-FR\",\"userAgent\":\"Mozilla/5.0 "
            + "(Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36\","
            + "\"page\":{\"path\":\"/account/settings\",\"referrer\":\"https://www.example.com/\",\"title\":\"Account settings\","
            + "\"url\":\"https://www.example.com/account/settings\"}},\"integrations\":{\"All\":true,\"Mixpanel\":false},"
            + "\"messageId\":\"bench-1732860000000000000-0-123456\",\"originalTimestamp\":\"2024-03-01T10:00:00.000Z\","
            + "\"receivedAt\":\"2024-03-01T10:00:00.512Z\","
            + "\"sentAt\":\"2024-03-01T10:00:00.498Z\",\"timestamp\":\"2024-03-01T10:00:00.014Z\",\"traits\":{\"name\":\"Ana Lima\","
            + "\"firstName\":\"Ana\",\"lastName\":\"Lima\",\"email\":\"ana.lima@example.com\",\"plan\":\"pro\",\"logins\":42,\"vip\":true,"
            + "\"score\":3.25,\"company\":\"Example Ltd\",\"address\":{\"street\":\"12 Rue de la République\",\"city\":\"Lyon\","
            + "\"postalCode\":\"69002\",\"country\":\"FR\"},\"createdAt\":\"2023-11-14T08:12:45.000Z\"},\"type\":\"identify\","
            + "\"userId\":\"bench-user-00004242\",\"version\":2}";

    /** bench/post-event.lua's template, filled in as the script does for request 123456, user 4242. */
    static final String EVENT = "{\"event\":{\"id\":\"0001e240-0000-4000-8abc-00000001e240\",\"kind\":\"message.push.clicked\","
            + "\"timestamp\":1709287200,"
            + "\"datetime\":\"2024-03-01T10:00:00.000Z\",\"app_id\":\"a\",\"subscription_id\":\"sub-4242\","
            + "\"subscription_device_type\":\"Android\",\"onesignal_id\":\"os-4242\",\"external_id\":\"u-4242\"},"
            + "\"message\":{\"id\":\"msg-5\",\"name\":\"Spring promo\",\"title\":\"20% off\",\"contents\":\"Today only\","
            + "\"template_id\":\"tpl-1\",\"type\":\"push\"}}";

    static final String APP_ID = "bench-app";

    byte[] identifyBytes;
    byte[] eventBytes;
    JsonNode identify;
    JsonNode event;
    SegmentToOneSignal dataIn;
    OneSignalToSegment dataOut;

    @Setup
    public void setUp() throws IOException {
        identifyBytes = IDENTIFY.getBytes(StandardCharsets.UTF_8);
        eventBytes = EVENT.getBytes(StandardCharsets.UTF_8);
        identify = Json.mapper().readTree(identifyBytes);
        event = Json.mapper().readTree(eventBytes);
        // what BridgeConfig builds from application.properties' defaults (tags.deny = email,phone; no allow list,
        // tag limit 100, no event-name prefix, no flattening, no group tags)
        dataIn = new SegmentToOneSignal(TagPolicy.defaults(), MappingOptions.defaults());
        dataOut = new OneSignalToSegment("0.1.0");
        // the inputs must take the normal path, not a drop
        if (!(dataIn.map(identify) instanceof DataInResult.TagUpdate update) || update.chunks().size() != 1) {
            throw new IllegalStateException("identify did not map to one tag update: " + dataIn.map(identify));
        }
        if (!(dataOut.map(event) instanceof DataOutResult.Track)) {
            throw new IllegalStateException("event did not map to a track: " + dataOut.map(event));
        }
    }

    @Benchmark
    public DataInResult identifyMap() {
        return dataIn.map(identify);
    }

    @Benchmark
    public void identifyParseMapSerialize(Blackhole bh) throws IOException {
        JsonNode parsed = Json.mapper().readTree(identifyBytes);
        if (dataIn.map(parsed) instanceof DataInResult.TagUpdate update) {
            for (OneSignalRequest request : OneSignalRequest.tagUpdates(0, "m", APP_ID, update, parsed)) {
                bh.consume(request.jsonBytes());
            }
        }
    }

    @Benchmark
    public DataOutResult eventMap() {
        return dataOut.map(event);
    }

    @Benchmark
    public void eventParseMapSerialize(Blackhole bh) throws IOException {
        JsonNode parsed = Json.mapper().readTree(eventBytes);
        if (dataOut.map(parsed) instanceof DataOutResult.Track track) {
            bh.consume(Json.mapper().writeValueAsBytes(track.track()));
        }
    }
}
