package org.sobridge.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Copies the log to ~/.camel/&lt;pid&gt;.log while the bridge runs, the file Camel JBang's {@code camel log} tails,
 * in the layout it reads (camel-main's timestamp, two spaces, the message after "---"). At most 10 MB plus one
 * rolled-over file; deleted when the bridge stops, like the CLI connector's own files.
 */
public final class CliLogFile extends ServiceSupport {

    private static final String APPENDER = "camel-cli";
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS}  %5p %pid --- [%15.15t] %-40.40c : "
            + LogContext.PATTERN + "%m%n%throwable";

    private final Path file;
    private RollingFileAppender appender;

    /** @param home the user's home directory (~/.camel is below it) */
    public CliLogFile(Path home) {
        this.file = home.resolve(".camel").resolve(ProcessHandle.current().pid() + ".log");
    }

    public Path file() {
        return file;
    }

    @Override
    protected void doStart() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = RollingFileAppender.newBuilder()
                .setName(APPENDER)
                .withFileName(file.toString())
                .withFilePattern(file + ".%i")
                .withPolicy(SizeBasedTriggeringPolicy.createPolicy("10 MB"))
                .withStrategy(DefaultRolloverStrategy.newBuilder().withMax("1").withConfig(config).build())
                .setLayout(PatternLayout.newBuilder().withConfiguration(config).withPattern(PATTERN).build())
                .setConfiguration(config)
                .build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    @Override
    protected void doStop() throws IOException {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(APPENDER);
        context.updateLoggers();
        if (appender != null) {
            appender.stop();
            appender = null;
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".1"));
    }
}
