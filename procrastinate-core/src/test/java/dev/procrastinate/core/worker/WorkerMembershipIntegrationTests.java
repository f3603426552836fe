package dev.procrastinate.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.RestartablePostgres;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The worker's registration, ownership of its jobs, and lifecycle at its edges (issue 11). */
@ExtendWith(PostgresExtension.class)
class WorkerMembershipIntegrationTests {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private App app;
    private Worker worker;
    private ListAppender<ILoggingEvent> log;
    private Logger workerLogger;

    @BeforeEach
    void setUp(TestDatabase database) {
        app = TestApps.withSchema(database);
        workerLogger = (Logger) LoggerFactory.getLogger(Worker.class);
        log = new ListAppender<>();
        log.start();
        workerLogger.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        workerLogger.detachAppender(log);
        if (worker != null) {
            worker.stop();
            worker.stop();
            worker.close();
        }
        app.close();
    }

    private JobStatus status(long id) {
        return app.jobManager().getJob(id).map(job -> job.status()).orElse(null);
    }

    private void prune(long workerId) {
        app.connector().query("DELETE FROM procrastinate_workers WHERE id = $1 RETURNING id", workerId);
    }

    private boolean logged(Level level, String action) {
        return log.list.stream().anyMatch(event -> event.getLevel() == level && event.getKeyValuePairs() != null
                && event.getKeyValuePairs().stream().anyMatch(pair -> pair.key.equals("action")
                        && pair.value.equals(action)));
    }

    @Test
    void prunedWhileRunningTheWorkerStopsItsJobWritesNoEndRegistersAgainAndTheJobRunsAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean firstRunInterrupted = new AtomicBoolean();
        CountDownLatch firstRunStarted = new CountDownLatch(1);
        app.task("slow", ctx -> {
            if (runs.incrementAndGet() == 1) {
                firstRunStarted.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    firstRunInterrupted.set(true);
                }
            }
        });
        long id = app.configureTask("slow").defer(Map.of());
        worker = app.worker(TestApps.workerOptions().fetchJobPollingInterval(Duration.ofMillis(100))
                .abortJobPollingInterval(Duration.ofMillis(200)).updateHeartbeatInterval(Duration.ofMillis(200))
                .stalledWorkerTimeout(Duration.ofSeconds(1)).build()).start();
        assertThat(firstRunStarted.await(20, TimeUnit.SECONDS)).isTrue();
        long first = worker.workerId().orElseThrow();

        prune(first);

        await().atMost(DEADLINE).until(() -> worker.workerId().filter(id2 -> id2 != first).isPresent());
        await().atMost(DEADLINE).until(firstRunInterrupted::get);
        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.SUCCEEDED);
        assertThat(runs.get()).isEqualTo(2);
        assertThat(app.jobManager().getJob(id).orElseThrow().attempts())
                .as("the stopped run wrote no end; the recovery counted one attempt, the second run another")
                .isEqualTo(2);
        assertThat(logged(Level.WARN, "worker_registration_lost")).isTrue();
        assertThat(logged(Level.WARN, "worker_registered_again")).isTrue();
    }

    @Test
    void claimRefusedBecauseTheWorkerWasPrunedMakesItRegisterAgainAndRunTheJob() {
        app.task("t", ctx -> { });
        worker = app.worker(TestApps.workerOptions().fetchJobPollingInterval(Duration.ofMillis(100))
                .updateHeartbeatInterval(Duration.ofSeconds(20)).stalledWorkerTimeout(Duration.ofSeconds(60))
                .build()).start();
        await().atMost(DEADLINE).until(() -> worker.workerId().isPresent());
        long first = worker.workerId().orElseThrow();
        prune(first);

        long id = app.configureTask("t").defer(Map.of());

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.SUCCEEDED);
        assertThat(worker.workerId()).isPresent().get().isNotEqualTo(first);
        assertThat(logged(Level.WARN, "worker_registration_lost")).isTrue();
    }

    @Test
    void reaperPrunesNoOtherWorkerUntilItsOwnHeartbeatsWentThroughForAWholeTimeout() {
        long silent = app.workerStore().registerWorker();
        app.connector().query("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour' "
                + "WHERE id = $1 RETURNING id", silent);
        long startedAt = System.nanoTime();

        worker = app.worker(TestApps.workerOptions().updateHeartbeatInterval(Duration.ofMillis(200))
                .stalledWorkerTimeout(Duration.ofSeconds(2)).build()).start();

        await().atMost(DEADLINE).until(() -> !app.connector().query(
                "SELECT id FROM procrastinate_workers WHERE id = $1", silent).stream().findAny().isPresent());
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(worker.workerId()).as("its own registration is intact").isPresent();
        assertThat(app.workerStore().updateHeartbeat(worker.workerId().orElseThrow())).isTrue();
    }

    @Test
    void oneShotWorkerRunsEveryJobSharingALockBeforeItStops() {
        AtomicInteger runs = new AtomicInteger();
        app.task("locked", TaskOptions.builder().lock("L").build(), ctx -> runs.incrementAndGet());
        for (int round = 1; round <= 3; round++) {
            List<Long> ids = java.util.stream.IntStream.range(0, 5)
                    .mapToObj(i -> app.configureTask("locked").defer(Map.of("i", i))).toList();

            app.worker(TestApps.workerOptions().waitForJobs(false).concurrency(1).build()).run();

            assertThat(ids).as("round %d", round).allSatisfy(id -> assertThat(status(id))
                    .isEqualTo(JobStatus.SUCCEEDED));
        }
        assertThat(runs.get()).isEqualTo(15);
    }

    @Test
    void stopDuringAJobClaimsNoOtherJob() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        app.task("first", ctx -> {
            firstStarted.countDown();
            release.await();
        });
        app.task("second", ctx -> { });
        long first = app.configureTask("first").defer(Map.of());
        worker = app.worker(TestApps.workerOptions().concurrency(1).build()).start();
        assertThat(firstStarted.await(20, TimeUnit.SECONDS)).isTrue();
        long second = app.configureTask("second").defer(Map.of());

        worker.stop();
        release.countDown();

        assertThat(worker.awaitTermination(DEADLINE)).isTrue();
        assertThat(status(first)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(status(second)).isEqualTo(JobStatus.TODO);
        assertThat(worker.workerId()).as("a stopped worker has no id").isEmpty();
    }

    @Test
    void aJobClaimedUnderTheWorkersIdWhoseAnswerWasLostIsPutBackAndRun() {
        AtomicInteger runs = new AtomicInteger();
        app.task("t", ctx -> runs.incrementAndGet());
        worker = app.worker(TestApps.workerOptions().fetchJobPollingInterval(Duration.ofMillis(100))
                .abortJobPollingInterval(Duration.ofMillis(200)).build()).start();
        await().atMost(DEADLINE).until(() -> worker.workerId().isPresent());
        long id = app.configureTask("t").scheduleIn(Duration.ofHours(1)).defer(Map.of());
        app.connector().query("UPDATE procrastinate_jobs SET status = 'doing', worker_id = $2, scheduled_at = NULL "
                + "WHERE id = $1 RETURNING id", id, worker.workerId().orElseThrow());

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.SUCCEEDED);
        assertThat(runs.get()).isEqualTo(1);
        assertThat(logged(Level.WARN, "lost_claim_released")).isTrue();
    }

    @Test
    void aStopWithTheDatabaseGoneGivesUpWritingEndsAfterTheStalledTimeoutInsteadOfHanging() throws Exception {
        try (RestartablePostgres server = RestartablePostgres.create();
                App gone = App.create(JdbcConnector.create(server.createDatabase("gone",
                        RestartablePostgres.SUPERUSER).connectorOptions()))) {
            gone.schema().apply();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            gone.task("t", ctx -> {
                started.countDown();
                release.await();
            });
            gone.configureTask("t").defer(Map.of());
            Worker stranded = gone.worker(TestApps.workerOptions().updateHeartbeatInterval(Duration.ofMillis(200))
                    .stalledWorkerTimeout(Duration.ofSeconds(2)).build()).start();
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

            server.stop();
            release.countDown();
            stranded.stop();

            assertThat(stranded.awaitTermination(DEADLINE)).as("stopped although its end could not be written")
                    .isTrue();
        }
    }
}
