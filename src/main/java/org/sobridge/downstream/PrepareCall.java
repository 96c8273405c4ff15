package org.sobridge.downstream;

import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Turns the {@link HttpCall} in the body into the message the next {@code to: http} sends: path, Authorization,
 * Content-Type and JSON body. The HTTP method and the base URL are the endpoint's; the route clears the other
 * headers first. (In Java rather than as simple expressions: these run once per outbound call, and bean/OGNL
 * expressions cost more than the call's own mapping.)
 */
public final class PrepareCall implements Processor {

    /** Exchange property: when the call's first attempt started (System.nanoTime()), for its duration metric. */
    public static final String STARTED = "bridgeCallStarted";

    private final String downstream;
    private final Function<Exchange, String> authorization;

    /**
     * @param downstream    the name of the downstream, whose retry settings apply ({@link DownstreamRetries})
     * @param authorization the Authorization header for the exchange (it may depend on the request's source)
     */
    public PrepareCall(String downstream, Function<Exchange, String> authorization) {
        this.downstream = downstream;
        this.authorization = authorization;
    }

    /** When the exchange's call first started ({@link #STARTED}), 0 when it never did. */
    public static long startedNanos(Exchange exchange) {
        return exchange.getProperty(STARTED, 0L, Long.class);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        HttpCall call = message.getBody(HttpCall.class);
        exchange.setProperty(DownstreamRetries.DOWNSTREAM, downstream);
        exchange.setProperty(STARTED, System.nanoTime());
        message.setHeader(Exchange.HTTP_PATH, call.path());
        message.setHeader("Authorization", authorization.apply(exchange));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(call.jsonBytes());
    }
}
