package org.sobridge.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Every log line of this JVM while attached: its message, its log context (MDC) and the line as the bridge's text
 * layout writes it (the pattern of the "text" appender in log4j2.properties).
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    record Line(String message, Map<String, String> context, String text) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final PatternLayout text;

    private LogCapture(PatternLayout text) {
        super("capture", null, null, true, Property.EMPTY_ARRAY);
        this.text = text;
    }

    static LogCapture attach() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        PatternLayout text = (PatternLayout) context.getConfiguration().getAppender("text").getLayout();
        LogCapture capture = new LogCapture(text);
        capture.start();
        context.getConfiguration().getRootLogger().addAppender(capture, null, null);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        lines.add(new Line(event.getMessage().getFormattedMessage(), event.getContextData().toMap(),
                text.toSerializable(event)));
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
