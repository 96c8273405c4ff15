package org.sobridge.deadletter;

import com.fasterxml.jackson.core.JacksonException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.HttpProblem;
import org.sobridge.ingest.RawBody;
import org.sobridge.json.JsonSyntax;

/** Reads a dead-letter file (NDJSON) posted for replay; a line that is not a dead letter is a 400. */
public final class ReadDeadLetters implements Processor {

    @Override
    public void process(Exchange exchange) {
        String text = new String(RawBody.of(exchange), StandardCharsets.UTF_8);
        List<DeadLetter> letters = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                letters.add(DeadLetter.fromLine(lines[i]));
            } catch (JacksonException e) {
                String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
                throw HttpProblem.badRequest("line " + (i + 1) + " is not valid JSON" + column + ": " + JsonSyntax.what(e));
            } catch (Exception e) {
                throw HttpProblem.badRequest("line " + (i + 1) + " is not a dead letter: " + e.getMessage());
            }
        }
        if (letters.isEmpty()) {
            throw HttpProblem.badRequest("no dead letters in the body; expected the NDJSON lines of a dead-letter file");
        }
        exchange.setProperty(ReplayReport.PROPERTY, new ReplayReport());
        exchange.getMessage().setBody(letters);
    }
}
