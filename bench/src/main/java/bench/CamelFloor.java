package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.main.Main;

/**
 * The Camel floor: the smallest camel-main 4.18 app doing the bridge's Data In job with the same building blocks
 * (YAML route, platform-http on Vert.x, Jackson unmarshal, one Java processor, camel-http out), Camel defaults
 * everywhere else. Route: classpath floor/routes/floor.camel.yaml. Port FLOOR_PORT (default 18082), upstream
 * FAKE_URL (default http://127.0.0.1:19090).
 */
public final class CamelFloor {

    private CamelFloor() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.bind("floorMapper", new FloorMapper());
        main.setDefaultPropertyPlaceholderLocation("classpath:floor/floor.properties");
        main.run(args);
    }

    /** Segment identify (as a JsonNode) → the OneSignal PATCH: scalar traits as string tags, path by userId. */
    public static final class FloorMapper implements Processor {
        private static final ObjectMapper MAPPER = new ObjectMapper();
        /**
         * FLOOR_METHOD_ENUM=true sets CamelHttpMethod as camel-http's HttpMethods enum instead of the usual String:
         * camel-http reads the header as that enum, and a String goes through Camel's type-converter lookup.
         */
        private static final Object METHOD = Boolean.parseBoolean(System.getenv("FLOOR_METHOD_ENUM"))
                ? org.apache.camel.component.http.HttpMethods.PATCH : "PATCH";

        @Override
        public void process(Exchange exchange) throws Exception {
            Message in = exchange.getMessage();
            JsonNode event = in.getBody(JsonNode.class);
            ObjectNode body = MAPPER.createObjectNode();
            ObjectNode tags = body.putObject("properties").putObject("tags");
            for (Iterator<Map.Entry<String, JsonNode>> it = event.path("traits").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isValueNode()) {
                    tags.put(e.getKey(), e.getValue().asText());
                }
            }
            String userId = event.path("userId").asText();
            in.setHeader(Exchange.HTTP_METHOD, METHOD);
            in.setHeader(Exchange.HTTP_PATH,
                    "/apps/floor/users/by/external_id/" + URLEncoder.encode(userId, StandardCharsets.UTF_8));
            in.setHeader("Content-Type", "application/json");
            in.setBody(MAPPER.writeValueAsBytes(body));
        }
    }
}
