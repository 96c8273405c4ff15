package org.sobridge.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.EventEnvelope;
import org.sobridge.ingest.HttpProblem;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.IngestReport;
import org.sobridge.ingest.SettleClaims;
import org.sobridge.ops.EventOutcomes;

/**
 * Turns one poll of Kafka records (batching consumer: body is the list of record exchanges) into the events to
 * deliver, in offset order, with a fresh {@link IngestReport}. A record that is not an event is reported and
 * skipped (it cannot have come from the bridge's own ingest).
 */
public final class ReadKafkaRecords implements Processor {

    /** Exchange property holding the polled record exchanges, for the commit after delivery. */
    public static final String RECORDS = "kafkaRecords";

    private final String direction;
    private final boolean dryRun;
    private final String source;
    private final EventOutcomes outcomes;

    /**
     * @param source   the source of the events ({@link org.sobridge.ops.EventOutcome#source()})
     * @param outcomes where the events' outcomes are recorded
     */
    public ReadKafkaRecords(String direction, boolean dryRun, String source, EventOutcomes outcomes) {
        this.direction = direction;
        this.dryRun = dryRun;
        this.source = source;
        this.outcomes = outcomes;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        List<Exchange> records = exchange.getProperty(RECORDS, List.class);
        List<IndexedEvent> events = new ArrayList<>(records.size());
        List<String> unreadable = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            byte[] value = records.get(i).getMessage().getBody(byte[].class);
            try {
                List<JsonNode> read = EventEnvelope.events(value == null ? new byte[0] : value, "");
                read.forEach(event -> events.add(new IndexedEvent(events.size(), event)));
            } catch (HttpProblem notAnEvent) {
                unreadable.add(new String(value == null ? new byte[0] : value, StandardCharsets.UTF_8));
            }
        }
        // every record counts, and each unreadable one is dropped under its own index (after the events')
        IngestReport report = new IngestReport(direction, source, events.size() + unreadable.size(), dryRun, outcomes);
        for (int k = 0; k < unreadable.size(); k++) {
            report.drop(events.size() + k, null, "Kafka record is not an event: " + abbreviate(unreadable.get(k)));
        }
        IngestReport previousAttempt = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        if (previousAttempt != null) {
            // the poll is being retried: what its previous attempt did not settle was not delivered
            previousAttempt.settle(false);
        }
        SettleClaims.start(exchange, report);
        exchange.getMessage().setBody(events);
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
