package dev.procrastinate.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Queue control with real workers: two workers, each with its own app and connection pool, on one PostgreSQL. The
 * running counts are sampled from the database while the jobs run.
 */
@ExtendWith(PostgresExtension.class)
class QueueControlWorkersIntegrationTests {

    private static final Duration LONG = Duration.ofSeconds(60);

    private TestDatabase database;
    private App first;
    private App second;
    private final List<Worker> workers = new ArrayList<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> runningByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxByKey = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp(TestDatabase database) {
        this.database = database;
        first = TestApps.withSchema(database);
        second = app();
        for (App app : List.of(first, second)) {
            app.task("work", ctx -> {
                String key = ctx.job().argsJson().contains("\"k\"") ? ctx.arg("k", String.class) : "-";
                started.add(key);
                int now = runningByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                maxByKey.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(ctx.arg("ms", Long.class));
                } finally {
                    runningByKey.get(key).decrementAndGet();
                }
            });
        }
    }

    @AfterEach
    void tearDown() {
        workers.forEach(Worker::close);
        first.close();
        second.close();
    }

    private App app() {
        return App.create(JdbcConnector.create(database.connectorOptions().toBuilder().maxPoolSize(8).build()));
    }

    private Worker start(App app, int concurrency, Duration polling) {
        Worker worker = app.worker(TestApps.workerOptions().queues("q").concurrency(concurrency)
                .fetchJobPollingInterval(polling).build()).start();
        workers.add(worker);
        return worker;
    }

    private void startTwo(int concurrency) {
        start(first, concurrency, Duration.ofMillis(100));
        start(second, concurrency, Duration.ofMillis(100));
    }

    private List<Long> defer(String key, int count, long millis) {
        List<JobToDefer> jobs = IntStream.range(0, count)
                .mapToObj(i -> first.configureTask("work").queue("q")
                        .toJob(key == null ? Map.of("ms", millis) : Map.of("k", key, "ms", millis))
                        .withConcurrencyKey(key))
                .toList();
        return first.jobManager().batchDefer(jobs);
    }

    private long count(JobStatus status) {
        return first.jobManager().countByStatus().getOrDefault(status, 0L);
    }

    /** Samples a number from the database every few milliseconds until stopped; keeps the highest. */
    private static final class Sampler {
        private final AtomicInteger max = new AtomicInteger();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler(Supplier<Long> sample) {
            thread = new Thread(() -> {
                while (running) {
                    max.accumulateAndGet(sample.get().intValue(), Math::max);
                }
            }, "sampler");
            thread.start();
        }

        /** Stops sampling; returns the highest sample. */
        int stop() throws InterruptedException {
            running = false;
            thread.join();
            return max.get();
        }
    }

    private long runningInDatabase() {
        return first.connector().query("SELECT count(*) AS n FROM procrastinate_jobs WHERE queue_name = 'q' "
                + "AND status = 'doing'").get(0).getLong("n");
    }

    private long mostRunningOfOneKeyInDatabase() {
        Long n = first.connector().query("SELECT max(n) AS n FROM (SELECT k.concurrency_key, count(*) AS n "
                + "FROM procrastinate_jobs AS j JOIN procrastinate4j_job_keys AS k ON k.job_id = j.id "
                + "WHERE j.status = 'doing' GROUP BY 1) AS r").get(0).getLong("n");
        return n == null ? 0 : n;
    }

    @Test
    void aQueueLimitOfThreeHoldsAcrossTwoWorkersOfFourThreadsEach() throws InterruptedException {
        first.jobManager().setQueueLimits("q", QueueLimits.maxRunning(3));
        defer(null, 60, 20);

        Sampler sampler = new Sampler(this::runningInDatabase);
        startTwo(4);
        await().atMost(LONG).until(() -> count(JobStatus.SUCCEEDED) == 60);

        assertThat(sampler.stop()).as("most jobs doing at once in the database").isEqualTo(3);
        assertThat(maxByKey.get("-").get()).as("most runs at once").isEqualTo(3);
    }

    @Test
    void aKeyLimitOfTwoHoldsForEachKeyAcrossTwoWorkers() throws InterruptedException {
        first.jobManager().setQueueLimits("q", QueueLimits.NONE.withMaxRunningPerKey(2));
        for (String key : List.of("a", "b", "c")) {
            defer(key, 20, 20);
        }

        Sampler sampler = new Sampler(this::mostRunningOfOneKeyInDatabase);
        startTwo(4);
        await().atMost(LONG).until(() -> count(JobStatus.SUCCEEDED) == 60);

        assertThat(sampler.stop()).as("most jobs of one key doing at once in the database").isEqualTo(2);
        assertThat(maxByKey).allSatisfy((key, max) -> assertThat(max.get()).as(key).isEqualTo(2));
    }

    @Test
    void aKeyWithTenJobsStartsThemAllBeforeAnotherKeysBacklogIsHalfDone() {
        first.jobManager().setQueueLimits("q", QueueLimits.NONE.withMaxRunningPerKey(2));
        defer("big", 400, 2);
        startTwo(2);
        await().atMost(LONG).until(() -> started.size() >= 20);

        defer("small", 10, 2);

        await().atMost(LONG).until(() -> count(JobStatus.SUCCEEDED) == 410);
        List<String> order = List.copyOf(started);
        int lastSmall = order.lastIndexOf("small");
        long bigBefore = order.subList(0, lastSmall).stream().filter("big"::equals).count();
        assertThat(bigBefore).as("big jobs started before the last small one").isLessThan(200);
    }

    @Test
    void aRateLimitOfFourPerSecondHoldsAcrossTwoWorkers() {
        first.jobManager().setQueueLimits("q", QueueLimits.NONE.withRate(4, Duration.ofSeconds(1)));
        List<Long> ids = defer(null, 14, 1);
        startTwo(4);

        await().atMost(LONG).until(() -> count(JobStatus.SUCCEEDED) == 14);

        List<Instant> starts = new ArrayList<>(first.connector().query("SELECT e.at FROM procrastinate_events AS e "
                + "WHERE e.type = 'started' AND e.job_id = ANY ($1::bigint[]) ORDER BY e.at",
                (Object) ids.toArray(Long[]::new)).stream().map(row -> row.getInstant("at")).toList());
        Collections.sort(starts);
        assertThat(starts).hasSize(14);
        for (int i = 0; i + 4 < starts.size(); i++) {
            // the limiter's clock is read once the claim holds the queue's row; an event's time is when the claim
            // statement began, up to the wait for that row earlier
            assertThat(Duration.between(starts.get(i), starts.get(i + 4)))
                    .as("time between start %d and start %d", i, i + 4)
                    .isGreaterThan(Duration.ofMillis(750));
        }
    }

    @Test
    void aPauseStopsClaimsWithinOneSecondWhileRunningJobsFinish() {
        defer(null, 300, 50);
        startTwo(4);
        await().atMost(LONG).until(() -> started.size() >= 10);

        first.jobManager().pauseQueue("q");
        long pausedAt = System.nanoTime();
        int startedAtPause = started.size();

        await().atMost(LONG).until(() -> runningInDatabase() == 0 && runningByKey.get("-").get() == 0);
        int afterStop = started.size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> started.size() == afterStop);
        assertThat(System.nanoTime() - pausedAt).isGreaterThan(Duration.ofSeconds(2).toNanos());
        assertThat(afterStop - startedAtPause).as("jobs claimed as the pause was written").isLessThanOrEqualTo(8);
        assertThat(count(JobStatus.TODO)).isEqualTo(300 - afterStop);
        assertThat(count(JobStatus.SUCCEEDED)).as("the runs under way finished").isEqualTo(afterStop);
    }

    @Test
    void aResumeWakesIdleWorkersAtOnceRatherThanAtTheirNextPoll() {
        first.jobManager().pauseQueue("q");
        defer(null, 5, 1);
        start(first, 2, Duration.ofSeconds(60));
        start(second, 2, Duration.ofSeconds(60));
        await().atMost(LONG).until(() -> workers.stream().allMatch(Worker::isListening));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(started::isEmpty);

        long resumedAt = System.nanoTime();
        first.jobManager().resumeQueue("q");

        await().atMost(LONG).until(() -> count(JobStatus.SUCCEEDED) == 5);
        assertThat(Duration.ofNanos(System.nanoTime() - resumedAt)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aPauseSurvivesARestartOfTheWorkersAndTheirApps() {
        first.jobManager().pauseQueue("q");
        defer(null, 5, 1);
        Worker before = start(first, 2, Duration.ofMillis(100));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(started::isEmpty);
        before.close();

        try (App restarted = app()) {
            restarted.task("work", ctx -> started.add("-"));
            Worker after = start(restarted, 2, Duration.ofMillis(100));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(started::isEmpty);
            assertThat(restarted.jobManager().listQueueControls()).singleElement()
                    .satisfies(control -> assertThat(control.paused()).isTrue());

            restarted.jobManager().resumeQueue("q");

            await().atMost(LONG).until(() -> started.size() == 5);
            after.close();
        }
    }
}
