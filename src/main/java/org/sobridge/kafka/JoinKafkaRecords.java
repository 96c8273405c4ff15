package org.sobridge.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The values of a poll of dead-letter records (one NDJSON line each) as one NDJSON body for the replay. */
public final class JoinKafkaRecords implements Processor {

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        List<Exchange> records = exchange.getProperty(ReadKafkaRecords.RECORDS, List.class);
        StringBuilder ndjson = new StringBuilder();
        for (Exchange record : records) {
            String line = record.getMessage().getBody(String.class);
            if (line != null && !line.isBlank()) {
                ndjson.append(line.strip()).append('\n');
            }
        }
        exchange.getMessage().setBody(ndjson.toString().getBytes(StandardCharsets.UTF_8));
    }
}
