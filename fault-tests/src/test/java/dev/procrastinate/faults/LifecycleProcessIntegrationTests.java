package dev.procrastinate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.core.App;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker's lifecycle edges of issue 11 (cases 4, 5 and 6), each in a worker process of its own, as an operator
 * runs one: a one-shot worker and jobs sharing a lock, SIGTERM during a job, and a periodic task whose queueing lock
 * clashes beside one that does not.
 */
@ExtendWith(PostgresExtension.class)
class LifecycleProcessIntegrationTests {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private TestDatabase database;
    private App app;
    private Process process;
    private Path log;

    @BeforeEach
    void setUp(TestDatabase database) throws IOException {
        this.database = database;
        app = App.create(JdbcConnector.create(database.connectorOptions()));
        app.schema().apply();
        log = Files.createTempFile("lifecycle-worker", ".log");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        app.close();
    }

    private void start(String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-D" + FaultWorkerMain.CONNECTOR_PROPERTY + "=jdbc", "-Dfault.log.level=INFO", "-cp",
                System.getProperty("java.class.path"), LifecycleWorkerMain.class.getName(), database.postgresUrl(),
                mode).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private JobStatus status(long id) {
        return app.jobManager().getJob(id).orElseThrow().status();
    }

    private void awaitOutput(String text) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!output().contains(text)) {
            assertThat(process.isAlive()).as("worker process alive; its output:%n%s", output()).isTrue();
            assertThat(System.nanoTime()).as("'%s' within %s; output:%n%s", text, DEADLINE, output())
                    .isLessThan(deadline);
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void oneShotWorkerProcessRunsEveryJobSharingALockBeforeItExits() throws Exception {
        List<Long> ids = IntStream.range(0, 5)
                .mapToObj(i -> app.configureTask(LifecycleWorkerMain.LOCKED).lock("L").defer(Map.of("i", i)))
                .toList();

        start("one-shot");

        assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("exited; output:%n%s", output())
                .isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output()).isZero();
        assertThat(ids).allSatisfy(id -> assertThat(status(id)).isEqualTo(JobStatus.SUCCEEDED));
    }

    @Test
    void sigtermDuringAJobLetsItFinishAndClaimsNoOtherJob() throws Exception {
        long first = app.configureTask(LifecycleWorkerMain.FIRST).defer(Map.of());
        start("stop");
        awaitOutput("first-started");
        long second = app.configureTask(LifecycleWorkerMain.SECOND).defer(Map.of());

        process.destroy();

        assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("exited; output:%n%s", output())
                .isTrue();
        assertThat(status(first)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(status(second)).as("claimed after the stop; output:%n%s", output()).isEqualTo(JobStatus.TODO);
    }

    @Test
    void aPeriodicTaskWhoseQueueingLockClashesHoldsBackNoOtherPeriodicTask() throws Exception {
        start("periodic");
        awaitOutput("lifecycle-worker started");

        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (app.jobManager().listJobs(JobQuery.all().withTask(LifecycleWorkerMain.TICKING)
                .withStatus(JobStatus.SUCCEEDED)).size() < 3) {
            assertThat(System.nanoTime()).as("3 ticks of the other task run; output:%n%s", output())
                    .isLessThan(deadline);
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }

        assertThat(app.jobManager().listJobs(JobQuery.all().withTask(LifecycleWorkerMain.CLASHING)))
                .as("the clashing task keeps its one waiting job").hasSize(1);
        assertThat(output()).contains("skipped: a job with queueing lock 'only-one' is still waiting")
                .doesNotContain("defer_periodic_jobs failed");
    }
}
