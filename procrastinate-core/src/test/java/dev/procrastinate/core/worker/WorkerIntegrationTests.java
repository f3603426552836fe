package dev.procrastinate.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobEventType;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class WorkerIntegrationTests {

    private App app;
    private Worker worker;

    @BeforeEach
    void setUp(TestDatabase database) {
        app = TestApps.withSchema(database);
    }

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.close();
        }
        app.close();
    }

    private Worker startWorker(WorkerOptions options) {
        worker = app.worker(options).start();
        return worker;
    }

    private JobStatus status(long id) {
        return app.jobManager().getJob(id).orElseThrow().status();
    }

    @Test
    void deferredJobRunsAndSucceedsWithDeferredStartedSucceededEvents() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        app.task("greet", ctx -> seen.add(ctx.arg("name", String.class)));

        long id = app.configureTask("greet").defer(Map.of("name", "Ada"));
        startWorker(TestApps.workerOptions().build());

        await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == JobStatus.SUCCEEDED);
        assertThat(seen).containsExactly("Ada");
        assertThat(app.jobManager().listEvents(id)).extracting(JobEvent::type)
                .containsExactly(JobEventType.DEFERRED, JobEventType.STARTED, JobEventType.SUCCEEDED);
        assertThat(app.jobManager().getJob(id).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void unknownTaskFailsTheJobAndTheWorkerKeepsRunning() {
        app.task("known", ctx -> { });
        long unknown = app.configureTask("nobody.registered.this").defer(Map.of());
        long known = app.configureTask("known").defer(Map.of());
        startWorker(TestApps.workerOptions().build());

        await().atMost(Duration.ofSeconds(20)).until(() -> status(unknown) == JobStatus.FAILED
                && status(known) == JobStatus.SUCCEEDED);
        long later = app.configureTask("known").defer(Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> status(later) == JobStatus.SUCCEEDED);
        assertThat(worker.state()).isEqualTo(Worker.State.RUNNING);
    }

    @Test
    void taskThatThrowsEndsFailed() {
        app.task("boom", ctx -> {
            throw new IllegalStateException("boom");
        });
        long id = app.configureTask("boom").defer(Map.of());
        startWorker(TestApps.workerOptions().build());

        await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == JobStatus.FAILED);
        assertThat(app.jobManager().listEvents(id)).extracting(JobEvent::type).contains(JobEventType.FAILED);
    }

    @Test
    void jsonArgumentsRoundTripNestedObjectsNumbersQuotesAndUnicode() {
        Map<String, Object> args = Map.of(
                "nested", Map.of("list", List.of(1, 2.5, "three", Map.of("deep", true)), "empty", Map.of()),
                "big", 9_007_199_254_740_993L,
                "negative", -42,
                "text", "quote \" apostrophe ' backslash \\ newline \n tab \t",
                "unicode", "héllo wörld ✓ 日本語 🎉",
                "nothing", List.of());
        Map<String, Map<String, Object>> received = new ConcurrentHashMap<>();
        app.task("echo", ctx -> received.put("args", ctx.args()));

        long id = app.configureTask("echo").defer(args);
        startWorker(TestApps.workerOptions().build());

        await().atMost(Duration.ofSeconds(20)).until(() -> status(id) == JobStatus.SUCCEEDED);
        Map<String, Object> got = received.get("args");
        assertThat(got.get("big")).isEqualTo(9_007_199_254_740_993L);
        assertThat(got.get("negative")).isEqualTo(-42);
        assertThat(got.get("text")).isEqualTo(args.get("text"));
        assertThat(got.get("unicode")).isEqualTo(args.get("unicode"));
        assertThat(got.get("nested")).isEqualTo(Map.of(
                "list", List.of(1, 2.5, "three", Map.of("deep", true)), "empty", Map.of()));
        assertThat(got.get("nothing")).isEqualTo(List.of());
    }

    @Test
    void jobDeferredWhileWorkerWaitsStartsLongBeforeThePollingIntervalThanksToNotify() {
        List<Instant> started = new CopyOnWriteArrayList<>();
        app.task("ping", ctx -> started.add(Instant.now()));
        startWorker(TestApps.workerOptions().fetchJobPollingInterval(Duration.ofSeconds(30)).build());
        awaitIdle();

        Instant deferredAt = Instant.now();
        app.configureTask("ping").defer(Map.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> !started.isEmpty());
        assertThat(Duration.between(deferredAt, started.get(0))).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void withoutNotificationsJobStillStartsAfterThePollingInterval() {
        List<Instant> started = new CopyOnWriteArrayList<>();
        app.task("ping", ctx -> started.add(Instant.now()));
        startWorker(TestApps.workerOptions().listenNotify(false)
                .fetchJobPollingInterval(Duration.ofMillis(1500)).build());
        awaitIdle();

        Instant deferredAt = Instant.now();
        app.configureTask("ping").defer(Map.of());

        await().atMost(Duration.ofSeconds(15)).until(() -> !started.isEmpty());
        assertThat(Duration.between(deferredAt, started.get(0))).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void gracefulStopLetsTheRunningJobFinishThenUnregisters() throws Exception {
        CopyOnWriteArrayList<String> steps = new CopyOnWriteArrayList<>();
        app.task("slow", ctx -> {
            steps.add("started");
            await().atMost(Duration.ofSeconds(20)).until(() -> worker.state() == Worker.State.STOPPING);
            steps.add("finished");
        });
        long id = app.configureTask("slow").defer(Map.of());
        startWorker(TestApps.workerOptions().build());
        await().atMost(Duration.ofSeconds(20)).until(() -> steps.contains("started"));

        worker.stop();

        assertThat(worker.awaitTermination(Duration.ofSeconds(20))).isTrue();
        assertThat(steps).containsExactly("started", "finished");
        assertThat(status(id)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(app.connector().query("SELECT count(*) AS n FROM procrastinate_workers").get(0).getLong("n"))
                .isZero();
    }

    @Test
    void oneShotWorkerRunsWhatIsQueuedThenStops() throws Exception {
        app.task("noop", ctx -> { });
        List<Long> ids = app.batchDefer("noop", List.of(Map.of("i", 1), Map.of("i", 2), Map.of("i", 3)));
        worker = app.worker(TestApps.workerOptions().waitForJobs(false).concurrency(2).build());

        worker.run();

        assertThat(ids).allSatisfy(id -> assertThat(status(id)).isEqualTo(JobStatus.SUCCEEDED));
        assertThat(worker.state()).isEqualTo(Worker.State.STOPPED);
    }

    @Test
    void workerSendsHeartbeatsWhileRunning() {
        app.task("noop", ctx -> { });
        startWorker(TestApps.workerOptions().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.workerId().isPresent());
        Instant first = heartbeat();

        await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat().isAfter(first));
    }

    private Instant heartbeat() {
        return app.connector().query("SELECT last_heartbeat FROM procrastinate_workers WHERE id = $1",
                worker.workerId().orElseThrow()).get(0).getInstant("last_heartbeat");
    }

    private void awaitIdle() {
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.workerId().isPresent());
        if (worker.options().listenNotify()) {
            await().atMost(Duration.ofSeconds(10)).until(worker::isListening);
        }
    }
}
