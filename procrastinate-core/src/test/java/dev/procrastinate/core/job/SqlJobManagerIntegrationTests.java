package dev.procrastinate.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.api.FailureDetails;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEnd;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.StalledJobRecovery;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.core.schema.SchemaManager;
import dev.procrastinate.testing.JobManagerContract;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SqlJobManagerIntegrationTests extends JobManagerContract<SqlJobManager> {

    private App app;

    @BeforeEach
    void setUp(TestDatabase database) {
        app = TestApps.withSchema(database);
        jobs = new SqlJobManager(app.connector());
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
            long rolledBack = app.configureTask("t").deferOn(connection, Map.of("n", 1));
            connection.rollback();
            long committed = app.configureTask("t").deferOn(connection, Map.of("n", 2));
            assertThat(jobs.getJob(committed)).as("not visible before commit").isEmpty();
            connection.commit();

            assertThat(jobs.getJob(rolledBack)).isEmpty();
            assertThat(jobs.getJob(committed)).isPresent();
        }
    }

    @Test
    void withoutProcrastinate4jTablesEndsAreWrittenWithoutDetailsAndRecoveriesAreCountedByAttempts() {
        app.schema().dropExtensions();
        assertThat(app.schema().extensionsApplied()).isFalse();
        List<Long> ids = jobs.batchDefer(List.of(new JobToDefer("q", "t", 0, null, null, "{}", null),
                new JobToDefer("q", "t", 0, null, null, "{}", null)));
        jobs.fetchJobs(null, worker, 1);
        long dead = jobs.registerWorker();
        jobs.fetchJobs(null, dead, 1);
        jobs.unregisterWorker(dead);

        List<Long> refused = jobs.finishOwnedJobs(worker, List.of(new JobEnd(ids.get(0), JobStatus.FAILED, false,
                FailureDetails.of(new IllegalStateException("boom")))));
        StalledJobRecovery.Result recovered = jobs.recoverStalledJob(
                new StalledJobRecovery(ids.get(1), 1, null, worker), Duration.ofSeconds(30), null);

        assertThat(refused).isEmpty();
        assertThat(jobs.getJob(ids.get(0)).map(Job::status)).contains(JobStatus.FAILED);
        assertThat(jobs.listFailures(ids.get(0))).isEmpty();
        assertThat(recovered.outcome()).isEqualTo(StalledJobRecovery.Outcome.RECOVERED);
        assertThat(app.schema().applyExtensions()).isEqualTo(SchemaManager.EXTENSION_STEPS.size());
        assertThat(app.schema().extensionsApplied()).isTrue();
    }
}
