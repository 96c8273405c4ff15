package org.sobridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sobridge.json.Json;

/**
 * The numbered events of the Kafka tests and what OneSignal (WireMock) accepted of them: event n of a user carries
 * the tags {@code seq = n} and {@code e<n> = true}, so a user's accepted writes show which events arrived (the
 * {@code e} tags, merged writes carry several) and in which order (their {@code seq}).
 */
final class SequencedWrites {

    private SequencedWrites() {
    }

    /** Event n of a user, its messageId {@code <user>-<n>}. */
    static String identify(String user, int n) {
        return "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"messageId\":\"" + user + "-" + n
                + "\",\"traits\":{\"seq\":" + n + ",\"e" + n + "\":true}}";
    }

    /** Per user whose external id starts with the prefix: the tags of its accepted (202) writes, oldest first. */
    static Map<String, List<JsonNode>> accepted(WireMockServer oneSignal, String prefix) throws Exception {
        List<ServeEvent> calls = new ArrayList<>(oneSignal.getAllServeEvents());
        calls.sort(Comparator.comparing(c -> c.getRequest().getLoggedDate()));
        Map<String, List<JsonNode>> writes = new HashMap<>();
        for (ServeEvent call : calls) {
            String url = call.getRequest().getUrl();
            if (!url.contains("/external_id/" + prefix) || call.getResponse().getStatus() != 202) {
                continue;
            }
            String user = url.substring(url.lastIndexOf('/') + 1);
            writes.computeIfAbsent(user, u -> new ArrayList<>())
                    .add(Json.mapper().readTree(call.getRequest().getBodyAsString()).at("/properties/tags"));
        }
        return writes;
    }

    /** The seq of each write (-1 for a write without one). */
    static List<Integer> seqs(List<JsonNode> writes) {
        return writes.stream().map(tags -> tags.path("seq").asInt(-1)).toList();
    }

    /** How many accepted writes carried each event's own tag. */
    static Map<Integer, Integer> eventCounts(List<JsonNode> writes) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (JsonNode tags : writes) {
            tags.fieldNames().forEachRemaining(tag -> {
                if (tag.matches("e\\d+")) {
                    counts.merge(Integer.parseInt(tag.substring(1)), 1, Integer::sum);
                }
            });
        }
        return counts;
    }

    /** True when each user {@code <prefix>0 .. <prefix>(users-1)} got every one of its events and ends with the last. */
    static boolean allDelivered(WireMockServer oneSignal, String prefix, int users, int events) throws Exception {
        Map<String, List<JsonNode>> writes = accepted(oneSignal, prefix);
        for (int u = 0; u < users; u++) {
            List<JsonNode> mine = writes.getOrDefault(prefix + u, List.of());
            List<Integer> seqs = seqs(mine);
            if (eventCounts(mine).size() < events || seqs.isEmpty() || seqs.get(seqs.size() - 1) != events - 1) {
                return false;
            }
        }
        return true;
    }
}
