package org.sobridge.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.Failures;
import org.sobridge.ingest.HttpProblem;
import org.sobridge.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records, in the replay's report, the answer one dead letter got from its ingest, or its failure. */
public final class RecordReplay implements Processor {

    /** Exchange property holding the {@link DeadLetter} being replayed. */
    public static final String REPLAYED = "replayedLetter";

    private static final Logger LOG = LoggerFactory.getLogger(RecordReplay.class);

    @Override
    public void process(Exchange exchange) throws Exception {
        ReplayReport report = exchange.getProperty(ReplayReport.PROPERTY, ReplayReport.class);
        DeadLetter letter = exchange.getProperty(REPLAYED, DeadLetter.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null) {
            HttpProblem problem = Failures.rootCause(failure) instanceof HttpProblem p ? p : null;
            String reason = problem != null ? problem.getMessage()
                    : "not delivered now, try again later (" + Failures.describe(failure) + ")";
            LOG.warn("Replay of a {} dead letter failed: {}", letter.direction(), reason);
            report.failed(letter.direction(), reason, problem == null || problem.status() >= 500);
        } else {
            report.answered(letter.direction(), Json.mapper().readTree(exchange.getMessage().getBody(byte[].class)));
        }
    }
}
