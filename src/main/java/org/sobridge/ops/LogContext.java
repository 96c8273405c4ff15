package org.sobridge.ops;

import org.slf4j.MDC;

/**
 * The event a log line is about, in the log's context (SLF4J MDC) while the line is written: its direction, its
 * messageId and its source. JSON logs show them as fields, text logs before the message ({@link #PATTERN}). Only
 * lines about an event pay for it; the events that are delivered write no line at all.
 */
public final class LogContext implements AutoCloseable {

    public static final String DIRECTION = "direction";
    public static final String MESSAGE_ID = "messageId";
    public static final String SOURCE = "source";

    /** What a text layout writes before the message of a line about an event (nothing for other lines). */
    public static final String PATTERN =
            "%notEmpty{[%X{direction}] }%notEmpty{messageId=%X{messageId} }%notEmpty{source=%X{source} }";

    private LogContext() {
    }

    /**
     * Puts the event into the log's context until {@link #close()}: {@code try (var ignored = LogContext.of(...))
     * { LOG.info(...); }}. A null value leaves its field out.
     */
    public static LogContext of(String direction, String messageId, String source) {
        put(DIRECTION, direction);
        put(MESSAGE_ID, messageId);
        put(SOURCE, source);
        return new LogContext();
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        MDC.remove(DIRECTION);
        MDC.remove(MESSAGE_ID);
        MDC.remove(SOURCE);
    }
}
