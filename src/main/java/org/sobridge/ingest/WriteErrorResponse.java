package org.sobridge.ingest;

import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.downstream.DownstreamUnavailableException;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.ErrorAnswer;

/**
 * Turns the exception that ended a request into a JSON answer ({@link ErrorAnswer}: error, code, message): 4xx for
 * bad input, 503 when a downstream could not take the events (so the sender retries), 500 only for the bridge's own
 * bugs. Never a stack trace. On the Segment HTTP API paths (the exchange property {@link HttpApiToBatch#TYPE} is
 * set) a body over the limit is 400, as Segment's API answers it; the code still says payload_too_large.
 */
public final class WriteErrorResponse implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WriteErrorResponse.class);

    private final BridgeMetrics metrics;

    public WriteErrorResponse(BridgeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        IngestReport failed = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        if (failed != null) {
            failed.settle(false);
        }
        int status;
        String code;
        String message;
        if (cause instanceof HttpProblem problem) {
            status = problem.status();
            code = problem.code();
            message = problem.getMessage();
        } else if (isTransient(cause)) {
            status = 503;
            code = ErrorAnswer.codeFor(status);
            message = "downstream unavailable, retry later";
            LOG.warn("Answering 503 (route {}): {}", exchange.getFromRouteId(), Failures.describe(cause));
            IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
            if (report != null) {
                metrics.unavailable(report.direction());
            }
        } else {
            status = 500;
            code = ErrorAnswer.codeFor(status);
            message = "internal error";
            LOG.error("Unexpected failure in route {}", exchange.getFromRouteId(), cause);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE,
                ErrorAnswer.status(status, exchange.getProperty(HttpApiToBatch.TYPE) != null));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(ErrorAnswer.json(code, message));
    }

    static boolean isTransient(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof org.apache.kafka.common.KafkaException
                    || t instanceof DownstreamUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
