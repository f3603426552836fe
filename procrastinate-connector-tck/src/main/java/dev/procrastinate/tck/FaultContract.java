package dev.procrastinate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.FailureDetails;
import dev.procrastinate.api.JobEnd;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.Subscription;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import dev.procrastinate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a connector does when the server kills its connections ({@code pg_terminate_backend}, as a restart, a
 * failover or an operator does): the failed statement is a transient {@link ProcrastinateException} (so the worker
 * retries it) or succeeds through a transparent retry, the next statement runs on a fresh connection, a batch of job
 * ends is written whole or not at all, LISTEN comes back, and a worker ends every job exactly once through repeated
 * kills and through a restart of the server ({@link ConnectorFixture#restartableDatabase()}; skipped without it).
 */
public interface FaultContract extends ConnectorFixture {

    /** Kills every connection to the database but the caller's own, and waits until the server has let them go. */
    static Set<Integer> terminateConnections(TestDatabase database) {
        Set<Integer> pids = new HashSet<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                while (rows.next()) {
                    pids.add(rows.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not terminate the connections of " + database, e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> database.queryForLong("SELECT count(*) FROM "
                + "pg_stat_activity WHERE pid = ANY ('{" + String.join(",", pids.stream().map(String::valueOf)
                        .toList()) + "}'::int[])") == 0);
        return pids;
    }

    /** The backend of the connection a statement ran on, with an array parameter as job ends bind them. */
    private static int backendPid(Connector connector) {
        Row row = connector.query("SELECT pg_backend_pid() AS pid, cardinality($1::bigint[]) AS n",
                (Object) new Long[] {1L, 2L, 3L}).get(0);
        assertThat(row.getLong("n")).isEqualTo(3L);
        return row.getInteger("pid");
    }

    /** Opens a few pooled connections at once, so that the pool holds more than one when they are killed. */
    private static void occupySeveralConnections(Connector connector) {
        List<CompletableFuture<List<Row>>> calls = IntStream.range(0, 3)
                .mapToObj(i -> connector.queryAsync("SELECT pg_sleep(0.05)::text AS slept, $1::int AS i", i)
                        .toCompletableFuture())
                .toList();
        calls.forEach(CompletableFuture::join);
    }

    private static void assertTransient(ProcrastinateException error) {
        if (!error.isTransient()) {
            fail("a statement on a terminated connection must fail with a transient error so that callers retry "
                    + "it, but got a non-transient " + error.getClass().getSimpleName(), error);
        }
    }

    @Test
    default void aStatementOnATerminatedConnectionFailsTransientlyAndTheNextRunsOnAFreshConnection(
            TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            connector.open();
            for (int round = 0; round < 3; round++) {
                occupySeveralConnections(connector);
                backendPid(connector);
                Set<Integer> killed = terminateConnections(database);

                try {
                    assertThat(backendPid(connector)).isNotIn(killed);
                } catch (ProcrastinateException e) {
                    assertTransient(e);
                }
                assertThat(backendPid(connector)).as("the statement after the failure, round %d", round)
                        .isNotIn(killed);
            }
        }
    }

    @Test
    default void statementsRacingRepeatedTerminationsFailOnlyTransiently(TestDatabase database) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (Connector connector = createConnector(database)) {
            connector.open();
            Map<String, Throwable> nonTransient = new ConcurrentHashMap<>();
            AtomicInteger successes = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<CompletableFuture<Void>> load = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    try {
                        backendPid(connector);
                        successes.incrementAndGet();
                    } catch (ProcrastinateException e) {
                        if (!e.isTransient()) {
                            nonTransient.putIfAbsent(e.toString(), e);
                        }
                    } catch (RuntimeException | Error e) {
                        nonTransient.putIfAbsent(e.toString(), e);
                    }
                }
            }, threads)).toList();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < deadline) {
                int before = successes.get();
                await().atMost(Duration.ofSeconds(15)).until(() -> successes.get() > before);
                database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
            }
            stop.set(true);
            CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            if (!nonTransient.isEmpty()) {
                fail("while connections were terminated, statements failed other than transiently: "
                        + nonTransient.keySet(), nonTransient.values().iterator().next());
            }
            try {
                backendPid(connector);
            } catch (ProcrastinateException e) {
                assertTransient(e);
                backendPid(connector);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    default void aBatchOfJobEndsCutOffBetweenStatementsIsWrittenWholeOrNotAtAllAndWrittenWhenRetried(
            TestDatabase database) {
        try (App app = App.create(createConnector(database))) {
            app.schema().apply();
            WorkerStore jobs = app.workerStore();
            for (BatchEnd batch : BatchEnd.values()) {
                for (int round = 0; round < 2; round++) {
                    Claimed claimed = claim(app, 40);
                    occupySeveralConnections(app.connector());
                    terminateConnections(database);

                    try {
                        batch.write(jobs, claimed);
                        assertThat(ended(database, claimed.ids())).isEqualTo(claimed.ids().size());
                    } catch (ProcrastinateException e) {
                        assertTransient(e);
                        assertEndedWholeOrNotAtAll(database, jobs, claimed, batch);
                    }
                }
            }
        }
    }

    @Test
    default void aBatchOfJobEndsWhoseConnectionIsTerminatedMidStatementIsWrittenWholeOrNotAtAll(
            TestDatabase database) throws Exception {
        try (App app = App.create(createConnector(database))) {
            app.schema().apply();
            WorkerStore jobs = app.workerStore();
            for (BatchEnd batch : BatchEnd.values()) {
                Claimed claimed = claim(app, 40);
                CompletableFuture<Void> finishing;
                try (Connection blocker = database.connect()) {
                    blocker.setAutoCommit(false);
                    try (Statement statement = blocker.createStatement()) {
                        statement.execute("SELECT id FROM procrastinate_jobs WHERE id = "
                                + claimed.ids().get(claimed.ids().size() / 2) + " FOR UPDATE");
                    }
                    finishing = CompletableFuture.runAsync(() -> batch.write(jobs, claimed));
                    await().atMost(Duration.ofSeconds(10)).until(() -> database.queryForLong("SELECT count(*) FROM "
                            + "pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                            == 1);
                    database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                            + "current_database() AND wait_event_type = 'Lock'");
                    blocker.rollback();
                }

                try {
                    finishing.get(30, TimeUnit.SECONDS);
                    assertThat(ended(database, claimed.ids())).isEqualTo(claimed.ids().size());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof ProcrastinateException error)) {
                        throw e;
                    }
                    assertTransient(error);
                    assertEndedWholeOrNotAtAll(database, jobs, claimed, batch);
                }
            }
        }
    }

    @Test
    default void aWorkerWhoseConnectionsAreTerminatedRepeatedlyEndsEveryJobExactlyOnce(TestDatabase database) {
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        try (App app = App.create(createConnector(database))) {
            app.schema().apply();
            app.task("count", ctx -> runs.computeIfAbsent(ctx.job().id(), id -> new AtomicInteger())
                    .incrementAndGet());
            List<Long> ids = app.batchDefer("count", IntStream.range(0, 400).mapToObj(i -> Map.of("i", i)).toList());
            WorkerOptions options = WorkerOptions.builder().installSignalHandlers(false).concurrency(8)
                    .fetchJobPollingInterval(Duration.ofMillis(200)).reapStalledJobs(false).build();
            try (Worker worker = app.worker(options).start()) {
                for (int kill = 0; kill < 5; kill++) {
                    int before = runs.size();
                    await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() > before
                            || runs.size() == ids.size());
                    terminateConnections(database);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> database.queryForLong("SELECT count(*) FROM "
                        + "procrastinate_jobs WHERE status = 'succeeded'") == ids.size());
                assertThat(worker.state()).isEqualTo(Worker.State.RUNNING);
            }
            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        }
    }

    @Test
    default void listenReconnectsAfterItsConnectionIsTerminated(TestDatabase database) {
        ListenContract.Recorder recorder = new ListenContract.Recorder();
        String channel = "procrastinate_any_queue_v1";
        try (Connector connector = createConnector(database);
                Subscription subscription = connector.listen(List.of(channel), recorder)) {
            await().atMost(Duration.ofSeconds(15)).until(subscription::isListening);
            for (int round = 1; round <= 2; round++) {
                String payload = "after-" + round;
                terminateConnections(database);

                int expectedListening = round + 1;
                await().atMost(Duration.ofSeconds(30)).until(() -> recorder.lost.get() >= expectedListening - 1
                        && recorder.listening.get() >= expectedListening && subscription.isListening());
                await().atMost(Duration.ofSeconds(15)).until(() -> {
                    database.execute("SELECT pg_notify('" + channel + "', '" + payload + "')");
                    return recorder.received.stream().anyMatch(n -> n.payload().equals(payload));
                });
            }
        }
    }

    @Test
    default void aDatabaseRestartedUnderARunningWorkerLeavesNoJobDoingOnceItIsBack() {
        Optional<RestartableDatabase> restartable = restartableDatabase();
        Assumptions.assumeTrue(restartable.isPresent(), "this fixture offers no database server that the kit may "
                + "restart; override ConnectorFixture.restartableDatabase() to run this test");
        RestartableDatabase server = restartable.orElseThrow();
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        CountDownLatch serverStopped = new CountDownLatch(1);
        int concurrency = 8;
        int beforeTheStop = 50;
        try (App app = App.create(server.createConnector())) {
            app.schema().apply();
            // The jobs that start after the first 50 end only once the server is down, so their ends meet the outage.
            app.task("count", ctx -> {
                runs.computeIfAbsent(ctx.job().id(), id -> new AtomicInteger()).incrementAndGet();
                if (runs.size() > beforeTheStop) {
                    serverStopped.await(30, TimeUnit.SECONDS);
                }
            });
            List<Long> ids = app.batchDefer("count", IntStream.range(0, 300).mapToObj(i -> Map.of("i", i)).toList());
            WorkerOptions options = WorkerOptions.builder().installSignalHandlers(false).concurrency(concurrency)
                    .fetchJobPollingInterval(Duration.ofMillis(200)).reapStalledJobs(false).build();
            try (Worker worker = app.worker(options).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() == beforeTheStop + concurrency);
                try {
                    server.stop();
                    serverStopped.countDown();
                } finally {
                    server.start();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> app.jobManager().countByStatus()
                        .getOrDefault(JobStatus.SUCCEEDED, 0L) == ids.size());
                assertThat(worker.state()).isEqualTo(Worker.State.RUNNING);
            }
            Map<JobStatus, Long> counts = app.jobManager().countByStatus();
            assertThat(counts.getOrDefault(JobStatus.DOING, 0L)).as("jobs left doing").isZero();
            assertThat(counts.getOrDefault(JobStatus.SUCCEEDED, 0L)).isEqualTo(ids.size());
            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        }
    }

    /** Jobs in {@code doing} under a worker of their own. */
    record Claimed(long workerId, List<Long> ids) {
    }

    /** The two ways to write a batch of job ends: the worker's fenced one, and {@link WorkerStore#finishJobs}. */
    enum BatchEnd {
        /** {@link WorkerStore#finishOwnedJobs}, every other end a failure with its details, as the worker writes. */
        OWNED {
            @Override
            void write(WorkerStore jobs, Claimed claimed) {
                List<JobEnd> ends = IntStream.range(0, claimed.ids().size()).mapToObj(i -> i % 2 == 0
                        ? new JobEnd(claimed.ids().get(i), JobStatus.SUCCEEDED, false, null)
                        : new JobEnd(claimed.ids().get(i), JobStatus.FAILED, false,
                                new FailureDetails("java.lang.IllegalStateException", i % 4 == 1 ? null : "why",
                                        "java.lang.IllegalStateException\n\tat t.run(T.java:1)")))
                        .toList();
                assertThat(jobs.finishOwnedJobs(claimed.workerId(), ends)).as("ends refused").isEmpty();
            }
        },
        /** {@link WorkerStore#finishJobs}: all succeeded, in one statement. */
        UNFENCED {
            @Override
            void write(WorkerStore jobs, Claimed claimed) {
                jobs.finishJobs(claimed.ids().stream().map(JobEnd::succeeded).toList());
            }
        };

        abstract void write(WorkerStore jobs, Claimed claimed);
    }

    /**
     * After a batch failed: none of its jobs ended (then writing it again ends them all) or, when the failure came
     * after the commit, all of them.
     */
    private static void assertEndedWholeOrNotAtAll(TestDatabase database, WorkerStore jobs, Claimed claimed,
            BatchEnd batch) {
        long ended = ended(database, claimed.ids());
        assertThat(ended).as("jobs ended by a %s batch that failed", batch).isIn(0L, (long) claimed.ids().size());
        if (ended == 0) {
            batch.write(jobs, claimed);
            assertThat(ended(database, claimed.ids())).as("jobs ended by writing the batch again")
                    .isEqualTo(claimed.ids().size());
        }
    }

    private static Claimed claim(App app, int count) {
        WorkerStore jobs = app.workerStore();
        long worker = jobs.registerWorker();
        List<Long> deferred = app.jobManager().batchDefer(IntStream.range(0, count)
                .mapToObj(i -> new JobToDefer("default", "t", 0, null, null, "{\"i\": " + i + "}", null))
                .toList());
        List<Long> ids = jobs.fetchJobs(List.of("default"), worker, count).stream().map(Job::id).toList();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(deferred);
        return new Claimed(worker, ids);
    }

    private static long ended(TestDatabase database, List<Long> ids) {
        return database.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE status IN ('succeeded', "
                + "'failed') AND id IN (" + String.join(",", ids.stream().map(String::valueOf).toList()) + ")");
    }
}
