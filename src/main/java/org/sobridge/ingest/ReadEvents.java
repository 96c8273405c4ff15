package org.sobridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.json.Json;

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

    public ReadEvents(String direction, String listField, int maxBodyBytes, boolean dryRun) {
        this(direction, listField, maxBodyBytes, dryRun, Json.mapper().reader());
    }

    /** @param reader how the body is read (e.g. {@link Json#controlCharsReader()}) */
    public ReadEvents(String direction, String listField, int maxBodyBytes, boolean dryRun, ObjectReader reader) {
        this.direction = direction;
        this.listField = listField;
        this.maxBodyBytes = maxBodyBytes;
        this.dryRun = dryRun;
        this.reader = reader;
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
        SettleClaims.start(exchange, new IngestReport(direction, events.size(), dryRun));
        exchange.getMessage().setBody(indexed);
    }
}
