package org.sobridge.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sobridge.json.Json;

/**
 * Issue 16.7 with BRIDGE_TRANSPORT=kafka: a poll whose Segment batch was refused for good is committed only after
 * its dead letters are in the file and on the DLQ topic; while the file cannot be written, the poll is retried and
 * nothing is committed.
 */
class KafkaDataOutDeadLetterTest {

    static final String GROUP = "segment-onesignal-bridge";

    @TempDir
    Path tmp;

    @Test
    void aRefusedBatchIsCommittedOnlyOnceItsDeadLettersAreWritten() throws Exception {
        WireMockServer segment = new WireMockServer(wireMockConfig().dynamicPort());
        segment.start();
        segment.stubFor(post(urlEqualTo("/v1/batch")).willReturn(aResponse().withStatus(400)
                .withBody("{\"success\":false,\"message\":\"Invalid event\"}")));
        Path blocker = Files.writeString(tmp.resolve("not-a-directory"), "x");
        Path deadLetters = blocker.resolve("dead-letters");
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> "kafka-refused-" + i).toList();
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopics(2, "segment-in", "onesignal-out");
            Map<String, String> p = new HashMap<>();
            p.put("camel.main.name", "kafka-dl-bridge");
            p.put("bridge.transport", "kafka");
            p.put("kafka.bootstrap-servers", broker.bootstrapServers());
            p.put("segment.api-url", "http://127.0.0.1:" + segment.port());
            p.put("segment.write-key", "WK");
            p.put("segment.flush-ms", "200");
            p.put("dead-letter.dir", deadLetters.toString());
            try (RunningBridge bridge = RunningBridge.start(p)) {
                var response = bridge.post("/v1/onesignal/events",
                        OneSignalEvents.request(ids.stream().map(id -> OneSignalEvents.click(id, "u-" + id)).toList()));
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(ids.size(), broker.endOffset("onesignal-out"));

                // Segment refuses the batch, the dead letters cannot be written: the poll fails and is retried, so
                // Segment sees every event again
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    assertEquals(0, broker.committed(GROUP, "onesignal-out"), "committed without its dead letters");
                    return ids.stream().allMatch(id -> timesSent(segment, id) >= 2);
                });
                assertEquals(0, broker.committed(GROUP, "onesignal-out"), "nothing committed without its dead letters");
                assertFalse(Files.exists(deadLetters));

                // the directory can be created now: the next attempt writes the dead letters, then commits
                Files.delete(blocker);
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> broker.committed(GROUP, "onesignal-out") == ids.size());
                // read right after the commit was seen, without waiting
                List<String> lettered = OneSignalEvents.deadLetterIds(deadLetters);
                Set<String> onTopic = dlqEventIds(broker);

                assertEquals(ids, lettered.stream().sorted().toList(), "each event dead-lettered once in the file");
                assertEquals(new HashSet<>(ids), onTopic, "and on the DLQ topic");
                for (JsonNode letter : OneSignalEvents.deadLetters(deadLetters)) {
                    assertEquals("Segment answered 400: Invalid event", letter.get("reason").asText());
                }
                // in = delivered (0) + dead-lettered (5): Segment never accepted any of them
                assertTrue(OneSignalEvents.batchCalls(segment).stream().allMatch(c -> c.getResponse().getStatus() == 400));
            }
        } finally {
            segment.stop();
        }
    }

    static long timesSent(WireMockServer segment, String eventId) {
        return OneSignalEvents.batchCalls(segment).stream()
                .filter(call -> OneSignalEvents.messageIds(call).contains(OneSignalEvents.messageId(eventId))).count();
    }

    /** The OneSignal event ids of every record on onesignal-out-dlq. */
    static Set<String> dlqEventIds(KafkaBroker broker) throws Exception {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("onesignal-out-dlq", Duration.ofSeconds(5))
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    ids.add(Json.mapper().readTree(record.value()).at("/event/event/id").asText());
                }
            }
        }
        return ids;
    }
}
