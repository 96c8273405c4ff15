package org.sobridge.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.sobridge.deadletter.DeadLetter;
import org.sobridge.ingest.EventEnvelope;
import org.sobridge.ingest.HttpProblem;
import org.sobridge.ingest.IndexedEvent;
import org.sobridge.ingest.IngestReport;
import org.sobridge.ingest.SettleClaims;
import org.sobridge.ops.EventOutcomes;

/**
 * Turns one poll of Kafka records (batching consumer: body is the list of record exchanges) into the events to
 * deliver, in offset order, with a fresh {@link IngestReport}; a record's {@link #SOURCE} header (the named Segment
 * source it was accepted for) goes with its event. A record that is not an event (a poison record: it cannot have
 * come from the bridge's own ingest) is reported, kept whole as a dead letter ({@link #UNREADABLE}, written before the
 * poll is committed) and skipped, so that its partition moves on.
 */
public final class ReadKafkaRecords implements Processor {

    /** Exchange property holding the polled record exchanges, for the commit after delivery. */
    public static final String RECORDS = "kafkaRecords";
    /** Kafka record header naming the Segment source an event was accepted for (absent: the default source). */
    public static final String SOURCE = "segmentSource";
    /** Exchange property holding the dead letters of the poll's records that are not events. */
    public static final String UNREADABLE = "unreadableRecords";

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
        List<byte[]> unreadable = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Message record = records.get(i).getMessage();
            byte[] value = record.getBody(byte[].class);
            String source = source(record);
            try {
                List<JsonNode> read = EventEnvelope.events(value == null ? new byte[0] : value, "");
                read.forEach(event -> events.add(new IndexedEvent(events.size(), event, source)));
            } catch (HttpProblem notAnEvent) {
                unreadable.add(value == null ? new byte[0] : value);
            }
        }
        // every record counts, and each unreadable one is dropped under its own index (after the events')
        IngestReport report = new IngestReport(direction, pollSource(events), events.size() + unreadable.size(),
                dryRun, outcomes);
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (int k = 0; k < unreadable.size(); k++) {
            String why = "Kafka record is not an event: "
                    + abbreviate(new String(unreadable.get(k), StandardCharsets.UTF_8));
            report.drop(events.size() + k, null, why);
            deadLetters.add(DeadLetter.unreadable(direction, why, Instant.now(), unreadable.get(k)));
        }
        exchange.setProperty(UNREADABLE, deadLetters.isEmpty() ? null : deadLetters);
        IngestReport previousAttempt = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        if (previousAttempt != null) {
            // the poll is being retried: what its previous attempt did not settle was not delivered
            previousAttempt.settle(false);
        }
        SettleClaims.start(exchange, report);
        exchange.getMessage().setBody(events);
    }

    /**
     * The source the poll's outcomes are recorded under: the one Segment source all its events were accepted for,
     * else (none named, or several) the default given.
     */
    private String pollSource(List<IndexedEvent> events) {
        String common = null;
        for (IndexedEvent event : events) {
            String named = event.source();
            if (named == null || (common != null && !common.equals(named))) {
                return source;
            }
            common = named;
        }
        return common == null ? source : common;
    }

    private static String source(Message record) {
        Object header = record.getHeader(SOURCE);
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header == null ? null : header.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
