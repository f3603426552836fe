package dev.procrastinate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobEventType;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.core.App;
import dev.procrastinate.core.job.SqlJobManager;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The queue working end to end through the connector: schema, defer, worker, locks, batches. */
public interface QueueContract extends ConnectorFixture {

    private App app(TestDatabase database) {
        App app = App.create(createConnector(database));
        app.schema().apply();
        return app;
    }

    private static WorkerOptions.Builder worker() {
        return WorkerOptions.builder().installSignalHandlers(false).fetchJobPollingInterval(Duration.ofMillis(500));
    }

    @Test
    default void deferredJobRunsOnAWorkerWithItsEvents(TestDatabase database) {
        try (App app = app(database)) {
            List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
            app.task("t", ctx -> threads.add(Thread.currentThread()));
            long id = app.configureTask("t").defer(Map.of("x", 1));
            try (Worker running = app.worker(worker().concurrency(4).build()).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> app.jobManager().getJob(id).orElseThrow()
                        .status() == JobStatus.SUCCEEDED);
                assertThat(running.state()).isEqualTo(Worker.State.RUNNING);
            }
            assertThat(app.jobManager().listEvents(id)).extracting(JobEvent::type)
                    .containsExactly(JobEventType.DEFERRED, JobEventType.STARTED, JobEventType.SUCCEEDED);
            assertThat(threads.get(0).getName()).startsWith("procrastinate-worker-job-");
        }
    }

    @Test
    default void claimedJobCarriesItsArgumentsAsTheServerWritesTheirJson(TestDatabase database) {
        try (App app = app(database)) {
            app.task("t", ctx -> { });
            long id = app.configureTask("t").defer(Map.of("n", 1));
            SqlJobManager store = new SqlJobManager(app.connector());
            Job claimed = store.fetchJobs(List.of("default"), store.registerWorker(), 1).get(0);
            assertThat(claimed.id()).isEqualTo(id);
            // PostgreSQL's text of the jsonb, whichever driver reads it (no JSON library's re-encoding)
            assertThat(claimed.argsJson()).isEqualTo("{\"n\": 1}");
        }
    }

    @Test
    default void fiveHundredJobsRunExactlyOnce(TestDatabase database) {
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        try (App app = app(database)) {
            app.task("count", ctx -> runs.computeIfAbsent(ctx.job().id(), id -> new AtomicInteger())
                    .incrementAndGet());
            List<Long> ids = app.batchDefer("count", IntStream.range(0, 500).mapToObj(i -> Map.of("i", i)).toList());
            try (Worker first = app.worker(worker().name("a").concurrency(4).build()).start();
                    Worker second = app.worker(worker().name("b").concurrency(4).build()).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> app.jobManager().countByStatus()
                        .getOrDefault(JobStatus.SUCCEEDED, 0L) == 500);
                assertThat(first.state()).isEqualTo(second.state());
            }
            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        }
    }

    @Test
    default void queueingLockClashIsAlreadyEnqueuedAndRefusesTheWholeBatch(TestDatabase database) {
        try (App app = app(database)) {
            app.configureTask("t").queueingLock("only").defer(Map.of());

            assertThatThrownBy(() -> app.configureTask("t").queueingLock("only").defer(Map.of()))
                    .isInstanceOf(AlreadyEnqueuedException.class);
            assertThatThrownBy(() -> app.configureTask("t").queueingLock("only")
                    .batchDefer(List.of(Map.of("a", 1), Map.of("a", 2))))
                    .isInstanceOf(AlreadyEnqueuedException.class);
            assertThat(app.jobManager().countByStatus().get(JobStatus.TODO)).isEqualTo(1L);
        }
    }

    @Test
    default void asyncDeferReturnsTheJobId(TestDatabase database) {
        try (App app = app(database)) {
            long id = app.configureTask("t").deferAsync(Map.of("a", 1)).toCompletableFuture().join();

            assertThat(app.jobManager().getJob(id)).isPresent();
        }
    }
}
