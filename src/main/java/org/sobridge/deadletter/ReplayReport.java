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
    private int retryable;

    public synchronized void answered(String direction, JsonNode answer) {
        results.addObject().put("direction", direction).set("answer", answer);
    }

    /**
     * @param retryable true when the letter could not be sent now (a downstream unavailable), false when its ingest
     *                  refused it for good (e.g. a kept body that is still not JSON): replaying it again cannot help
     */
    public synchronized void failed(String direction, String reason, boolean retryable) {
        failed++;
        if (retryable) {
            this.retryable++;
        }
        results.addObject().put("direction", direction).put("error", reason);
    }

    /** The failed letters that a later replay may deliver. */
    public synchronized int retryableCount() {
        return retryable;
    }

    public synchronized ObjectNode toJson() {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("replayed", results.size() - failed);
        json.put("failed", failed);
        json.set("results", results.deepCopy());
        return json;
    }
}
