package org.sobridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.sobridge.json.Json;

/** OneSignal Event Streams events for the Data Out tests, and what Segment's fake and the dead-letter files hold. */
final class OneSignalEvents {

    private OneSignalEvents() {
    }

    /** A push click of user {@code user} whose message name is {@code padding} characters long. */
    static String click(String id, String user, int padding) {
        return "{\"event\":{\"id\":\"" + id + "\",\"kind\":\"message.push.clicked\",\"timestamp\":1709287200,"
                + "\"external_id\":\"" + user + "\",\"subscription_id\":\"sub-" + user + "\"},"
                + "\"message\":{\"id\":\"msg-1\",\"name\":\"" + "x".repeat(padding) + "\"}}";
    }

    static String click(String id, String user) {
        return click(id, user, 10);
    }

    /** The body of a request holding these events. */
    static String request(List<String> events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    /** The messageId the bridge gives the event of this OneSignal id. */
    static String messageId(String eventId) {
        return "onesignal-" + eventId;
    }

    /** Every /v1/batch call the fake received, oldest first. */
    static List<ServeEvent> batchCalls(WireMockServer segment) {
        List<ServeEvent> calls = new ArrayList<>(segment.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/v1/batch")).toList());
        Collections.reverse(calls);
        return calls;
    }

    /** The messageIds of the tracks in one /v1/batch call. */
    static List<String> messageIds(ServeEvent call) {
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode track : Json.mapper().readTree(call.getRequest().getBody()).path("batch")) {
                ids.add(track.path("messageId").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** Every dead-letter line written under this directory (all files), parsed. */
    static List<JsonNode> deadLetters(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<JsonNode> letters = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        letters.add(Json.mapper().readTree(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return letters;
    }

    /** The OneSignal event ids of dead letters. */
    static List<String> deadLetterIds(Path dir) {
        return deadLetters(dir).stream().map(l -> l.path("event").path("event").path("id").asText()).toList();
    }
}
