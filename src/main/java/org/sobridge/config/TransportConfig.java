package org.sobridge.config;

/**
 * How accepted events travel to delivery: {@code direct} (in this process; the webhook answer waits for the
 * downstream) or {@code kafka} (the webhook is answered once the broker acknowledged; consumers in a group
 * deliver, so more bridge instances share the work).
 */
public record TransportConfig(Transport transport, String bootstrapServers, String segmentInTopic,
                              String oneSignalOutTopic, String groupId) {

    public enum Transport { DIRECT, KAFKA }

    public static TransportConfig from(Settings s) {
        Transport transport = s.choice("bridge.transport", Transport.class);
        String servers = s.text("kafka.bootstrap-servers");
        if (transport == Transport.KAFKA && servers.isEmpty()) {
            throw new InvalidConfigurationException("KAFKA_BOOTSTRAP_SERVERS", "empty while BRIDGE_TRANSPORT=kafka",
                    "host:port[,host:port...] of the Kafka brokers");
        }
        // read by the consumer route template; checked here so that a bad value stops start-up with one line
        s.positiveInt("kafka.session-timeout-ms");
        s.positiveInt("kafka.max-poll-interval-ms");
        s.positiveInt("kafka.max-poll-records");
        return new TransportConfig(transport, servers, s.required("kafka.topic.segment-in", "a topic name"),
                s.required("kafka.topic.onesignal-out", "a topic name"), s.required("kafka.group-id", "a consumer group id"));
    }

    public boolean kafka() {
        return transport == Transport.KAFKA;
    }

    /** Where the ingest routes send each accepted Segment event. */
    public String segmentEventEndpoint() {
        return kafka() ? "direct:segment-publish" : "direct:segment-event";
    }

    /** Where the ingest routes send each accepted OneSignal event. */
    public String oneSignalEventEndpoint() {
        return kafka() ? "direct:onesignal-publish" : "direct:onesignal-event";
    }
}
