package dev.procrastinate.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.DatabaseException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutageLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("outage-log-test");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final OutageLog outage = new OutageLog(logger, "fetch_jobs");

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private List<Level> levels() {
        return appender.list.stream().map(ILoggingEvent::getLevel).toList();
    }

    @Test
    void aLostConnectionIsOneWarnThenDebugUntilTheSameOperationWorksAgain() {
        outage.failed(new ConnectionLostException("connection refused to port 5432", null));
        outage.failed(new ConnectionLostException("connection refused to port 5433", null));
        outage.failed(new ConnectionLostException("connection reset", null));
        outage.succeeded();
        outage.succeeded();

        assertThat(levels()).containsExactly(Level.WARN, Level.DEBUG, Level.DEBUG, Level.INFO);
        assertThat(appender.list.get(3).getFormattedMessage()).isEqualTo("fetch_jobs works again");
    }

    @Test
    void anErrorThatIsNotALostConnectionIsAWarnEachTimeItChanges() {
        outage.failed(new ConnectionLostException("connection refused", null));
        outage.failed(new DatabaseException("insert violates foreign key procrastinate_jobs_worker_id_fkey (worker 7)",
                "23503", null));
        outage.failed(new DatabaseException("insert violates foreign key procrastinate_jobs_worker_id_fkey (worker 8)",
                "23503", null));
        outage.failed(new DatabaseException("permission denied for table procrastinate_jobs", "42501", null));

        assertThat(levels()).containsExactly(Level.WARN, Level.WARN, Level.DEBUG, Level.WARN);
    }
}
