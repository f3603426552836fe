package dev.procrastinate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/**
 * Logging for the command line, on stderr: {@code key=value} lines ({@link TextLayout}), or JSON lines with
 * {@code --log-format json}.
 */
final class CliLogging {

    private CliLogging() {
    }

    static void configure(int verbosity, ProcrastinateCommand.LogFormat format,
            ProcrastinateCommand.StackTraces stackTraces) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        LayoutBase<ILoggingEvent> layout = format == ProcrastinateCommand.LogFormat.JSON ? new JsonLayout()
                : new TextLayout(stackTraces);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(verbosity >= 2 ? Level.DEBUG : Level.WARN);
        context.getLogger("dev.procrastinate").setLevel(verbosity >= 2 ? Level.DEBUG
                : verbosity == 1 ? Level.INFO : Level.WARN);
        context.getLogger("dev.procrastinate.core.worker.Worker").setLevel(verbosity >= 2 ? Level.DEBUG : Level.INFO);
    }
}
