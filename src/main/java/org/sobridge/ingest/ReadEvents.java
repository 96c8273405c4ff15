package org.sobridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.json.Json;
import org.sobridge.ops.EventOutcomes;

/**
 * Turns a webhook body into the list of its events ({@link IndexedEvent}) and starts the request's
 * {@link IngestReport}.
 */
public final class ReadEvents implements Processor {

    private final String direction;
    private final String listField;
    private final int maxBodyBytes;
    private final boolean dryRun;
    private final ObjectReader reader;
    private final Function<Exchange, String> source;
    private final EventOutcomes outcomes;

    /**
     * @param source   the source of a request's events (the Segment source, or "onesignal")
     * @param outcomes where the events' outcomes are recorded
     */
    public ReadEvents(String direction, String listField, int maxBodyBytes, boolean dryRun,
                      Function<Exchange, String> source, EventOutcomes outcomes) {
        this(direction, listField, maxBodyBytes, dryRun, source, outcomes, Json.mapper().reader());
    }

    /** @param reader how the body is read (e.g. {@link Json#controlCharsReader()}) */
    public ReadEvents(String direction, String listField, int maxBodyBytes, boolean dryRun,
                      Function<Exchange, String> source, EventOutcomes outcomes, ObjectReader reader) {
        this.direction = direction;
        this.listField = listField;
        this.maxBodyBytes = maxBodyBytes;
        this.dryRun = dryRun;
        this.reader = reader;
        this.source = source;
        this.outcomes = outcomes;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = RawBody.of(exchange);
        if (body.length > maxBodyBytes) {
            throw HttpProblem.tooLarge("body of " + body.length + " bytes is over the limit of " + maxBodyBytes);
        }
        List<JsonNode> events = EventEnvelope.events(body, listField, reader);
        List<IndexedEvent> indexed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            indexed.add(new IndexedEvent(i, events.get(i)));
        }
        SettleClaims.start(exchange,
                new IngestReport(direction, source.apply(exchange), events.size(), dryRun, outcomes));
        exchange.getMessage().setBody(indexed);
    }
}
