package org.sobridge.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sobridge.json.Json;

/** The answer of a replay: for each dead letter, the answer its direction's ingest gave (or why it failed). */
public final class ReplayReport {

    public static final String PROPERTY = "replayReport";

    private final ArrayNode results = Json.mapper().createArrayNode();
    private int failed;

    public synchronized void answered(String direction, JsonNode answer) {
        results.addObject().put("direction", direction).set("answer", answer);
    }

    public synchronized void failed(String direction, String reason) {
        failed++;
        results.addObject().put("direction", direction).put("error", reason);
    }

    public synchronized int failedCount() {
        return failed;
    }

    public synchronized ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("replayed", results.size() - failed);
        json.put("failed", failed);
        json.set("results", results.deepCopy());
        return json;
    }
}
