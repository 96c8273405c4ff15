package org.sobridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.sobridge.ingest.IngestReport;
import org.sobridge.ops.EventOutcomes;

class ReadKafkaRecordsTest {

    final CamelContext context = new DefaultCamelContext();

    Exchange record(String value) {
        Exchange record = new DefaultExchange(context);
        record.getMessage().setBody(value.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void everyUnreadableRecordIsReceivedAndDroppedOnItsOwn() {
        Exchange poll = new DefaultExchange(context);
        poll.setProperty(ReadKafkaRecords.RECORDS,
                List.of(record("{\"type\":\"identify\",\"userId\":\"u\"}"), record("not json"), record("{\"trunc")));
        new ReadKafkaRecords("segment-to-onesignal", false, "default", new EventOutcomes(10)).process(poll);
        IngestReport report = poll.getProperty(IngestReport.PROPERTY, IngestReport.class);
        assertEquals(3, report.received());
        assertEquals(2, report.dropped().size());
        assertEquals(1, report.accepted());
        assertEquals(1, poll.getMessage().getBody(List.class).size());
    }
}
