package dev.procrastinate.core.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Captures what the worker logs (its rooms log under {@link Worker}'s logger) from a level up, until closed. */
final class WorkerLog implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(Worker.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previous;

    WorkerLog(Level level) {
        appender.start();
        logger.addAppender(appender);
        previous = logger.getLevel();
        logger.setLevel(level);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The lines whose {@code action} key is this, in order. */
    List<ILoggingEvent> withAction(String action) {
        return events().stream().filter(event -> action.equals(keyValues(event).get("action"))).toList();
    }

    /** The structured key-values of a line. */
    static Map<String, Object> keyValues(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        return pairs.stream().collect(Collectors.toMap(pair -> pair.key, pair -> String.valueOf(pair.value),
                (a, b) -> b));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
    }
}
