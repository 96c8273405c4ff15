package org.sobridge.downstream;

import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;

/**
 * A key read from the body (the messageId to de-duplicate by, the user a rate limit applies to), for the routes'
 * {@code ref:} expressions. A plain method call: the simple-language form {@code ${body.userKey}} resolves the
 * getter by reflection on every event.
 */
public final class BodyKey<T> extends ExpressionAdapter {

    private final Class<T> type;
    private final Function<T, String> key;

    public BodyKey(Class<T> type, Function<T, String> key) {
        this.type = type;
        this.key = key;
    }

    @Override
    public Object evaluate(Exchange exchange) {
        return key.apply(exchange.getMessage().getBody(type));
    }
}
