package dev.procrastinate.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SqlJobManagerIntegrationTests extends JobManagerContract {

    private App app;

    @BeforeEach
    void setUp(TestDatabase database) {
        app = TestApps.withSchema(database);
        jobs = app.jobManager();
        worker = jobs.registerWorker();
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    @Override
    protected Instant now() {
        return Instant.now();
    }

    @Override
    protected void ageHeartbeat(long workerId) {
        app.connector().query("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour' "
                + "WHERE id = $1 RETURNING id", workerId);
    }

    @Override
    protected void ageEvents(long jobId, Duration age) {
        app.connector().query("UPDATE procrastinate_events SET at = at - make_interval(secs => $2) "
                + "WHERE job_id = $1 RETURNING id", jobId, (double) age.toSeconds());
    }

    @Test
    void deferOnTheCallersConnectionIsVisibleOnlyAfterCommit(TestDatabase database) throws Exception {
        app.task("t", ctx -> { });
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            long rolledBack = app.configureTask("t").defer(connection, Map.of("n", 1));
            connection.rollback();
            long committed = app.configureTask("t").defer(connection, Map.of("n", 2));
            assertThat(jobs.getJob(committed)).as("not visible before commit").isEmpty();
            connection.commit();

            assertThat(jobs.getJob(rolledBack)).isEmpty();
            assertThat(jobs.getJob(committed)).isPresent();
        }
    }

}
