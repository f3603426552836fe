package dev.procrastinate.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line per event in one style: {@code 12:00:01.234 INFO  Worker job_id=12 task=send_email action=job_success
 * duration_ms=3 | job 12 succeeded}. Values are quoted ({@code "…"}, with {@code \"} and {@code \\}) only when they
 * hold a space, a quote, an equals sign or nothing. An exception follows as its class and message, then as chosen by
 * {@code --stack-traces}: {@code short} each cause with its first frames, {@code full} every frame, {@code none}
 * nothing more.
 */
final class TextLayout extends LayoutBase<ILoggingEvent> {

    static final int SHORT_FRAMES = 3;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private final ProcrastinateCommand.StackTraces stackTraces;

    TextLayout(ProcrastinateCommand.StackTraces stackTraces) {
        this.stackTraces = stackTraces;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ');
        line.append(String.format("%-5s", event.getLevel())).append(' ');
        String logger = event.getLoggerName();
        line.append(logger.substring(logger.lastIndexOf('.') + 1));
        Map<String, String> mdc = new TreeMap<>(event.getMDCPropertyMap());
        mdc.forEach((key, value) -> pair(line, key, value));
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> pair(line, kv.key, kv.value));
        }
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            pair(line, "error", error.getClassName() + (error.getMessage() == null ? "" : ": " + error.getMessage()));
        }
        line.append(" | ").append(oneLine(event.getFormattedMessage())).append(System.lineSeparator());
        if (error != null) {
            switch (stackTraces) {
                case FULL -> line.append(ThrowableProxyUtil.asString(error)).append(System.lineSeparator());
                case SHORT -> shortTrace(line, error);
                case NONE -> { }
                default -> throw new IllegalStateException(stackTraces.toString());
            }
        }
        return line.toString();
    }

    private static void shortTrace(StringBuilder line, IThrowableProxy error) {
        String prefix = "";
        int depth = 0;
        for (IThrowableProxy cause = error; cause != null && depth < 10; cause = cause.getCause(), depth++) {
            line.append("    ").append(prefix).append(cause.getClassName());
            if (cause.getMessage() != null) {
                line.append(": ").append(oneLine(cause.getMessage()));
            }
            line.append(System.lineSeparator());
            StackTraceElementProxy[] frames = cause.getStackTraceElementProxyArray();
            int shown = Math.min(SHORT_FRAMES, frames.length);
            for (int i = 0; i < shown; i++) {
                line.append("        at ").append(frames[i].getStackTraceElement()).append(System.lineSeparator());
            }
            if (frames.length > shown) {
                line.append("        ... ").append(frames.length - shown).append(" more (--stack-traces full)")
                        .append(System.lineSeparator());
            }
            prefix = "caused by: ";
        }
    }

    private static void pair(StringBuilder line, String key, Object value) {
        line.append(' ').append(key).append('=').append(quoted(value == null ? "" : oneLine(value.toString())));
    }

    static String quoted(String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = !Character.isWhitespace(c) && c != '"' && c != '=' && c != '\\';
        }
        if (plain) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
