package dev.procrastinate.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEnd;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The statements that claim and end several jobs at once, and batch defer, write the tables directly instead of
 * calling the schema's functions once per job: they must do exactly what the functions do.
 */
@ExtendWith(PostgresExtension.class)
class SetBasedStatementsIntegrationTests {

    private static final String[] LOCKS = {null, null, null, "a", "b", "c", "d"};
    private static final int[] PRIORITIES = {-1, 0, 0, 1, 5};

    private App app;
    private SqlJobManager jobs;
    private long worker;

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

    /** Random jobs over two queues, five priorities, four locks, some due later; a few already running. */
    private void randomJobs(long seed) {
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<JobToDefer> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Instant scheduledAt = switch (random.nextInt(5)) {
                case 0 -> now.plus(Duration.ofHours(1));
                case 1 -> now.minus(Duration.ofHours(1));
                default -> null;
            };
            batch.add(new JobToDefer(random.nextBoolean() ? "q1" : "q2", "task",
                    PRIORITIES[random.nextInt(PRIORITIES.length)], LOCKS[random.nextInt(LOCKS.length)], null, "{}",
                    scheduledAt));
        }
        jobs.batchDefer(batch);
        long other = jobs.registerWorker();
        for (int i = 0; i < 5; i++) {
            jobs.fetchJob(null, other);
        }
    }

    /** Every job the schema's function hands out, one call at a time until none is left; rolled back afterwards. */
    private List<Long> claimedOneByOneByTheFunction(TestDatabase database, String[] queues) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement fetch = connection.prepareStatement(
                    "SELECT id FROM procrastinate_fetch_job_v2(?::varchar[], ?) WHERE id IS NOT NULL")) {
                fetch.setArray(1, queues == null ? null : connection.createArrayOf("varchar", queues));
                fetch.setLong(2, worker);
                while (true) {
                    try (ResultSet row = fetch.executeQuery()) {
                        if (!row.next()) {
                            break;
                        }
                        ids.add(row.getLong(1));
                    }
                }
            } finally {
                connection.rollback();
            }
        }
        return ids;
    }

    private List<Long> claimedInBatches(List<String> queues, int batchSize) {
        List<Long> ids = new ArrayList<>();
        while (true) {
            List<Job> claimed = jobs.fetchJobs(queues, worker, batchSize);
            assertThat(claimed.size()).isLessThanOrEqualTo(batchSize);
            if (claimed.isEmpty()) {
                return ids;
            }
            claimed.forEach(job -> ids.add(job.id()));
        }
    }

    @Test
    void claimingInBatchesHandsOutExactlyWhatSuccessiveCallsOfTheFunctionDo(TestDatabase database)
            throws SQLException {
        for (long seed = 1; seed <= 3; seed++) {
            database.execute("TRUNCATE procrastinate_events, procrastinate_jobs CASCADE");
            randomJobs(seed);
            List<Long> expected = claimedOneByOneByTheFunction(database, null);
            assertThat(expected).as("the function hands out jobs").hasSizeGreaterThan(50);

            assertThat(claimedInBatches(null, 7)).as("seed %d", seed).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void claimingInBatchesFromSomeQueuesHandsOutWhatTheFunctionDoes(TestDatabase database) throws SQLException {
        randomJobs(42);
        List<Long> expected = claimedOneByOneByTheFunction(database, new String[] {"q2"});

        assertThat(claimedInBatches(List.of("q2"), 5)).containsExactlyElementsOf(expected);
    }

    @Test
    void claimingFromSeveralNamedQueuesHandsOutWhatTheFunctionDoesWithOrWithoutTheQueueIndex(TestDatabase database)
            throws SQLException {
        String[] watched = {"q2", "q1", "q2"};
        for (boolean queueIndex : new boolean[] {true, false}) {
            if (!queueIndex) {
                database.execute("DROP INDEX procrastinate4j_jobs_queue_todo_idx");
            }
            for (long seed = 1; seed <= 3; seed++) {
                database.execute("TRUNCATE procrastinate_events, procrastinate_jobs CASCADE");
                randomJobs(seed);
                // a queue not watched, with a job of a lock the watched queues use, before all of theirs
                jobs.batchDefer(List.of(new JobToDefer("q3", "task", 9, "a", null, "{}", null), job()));
                List<Long> expected = claimedOneByOneByTheFunction(database, watched);
                assertThat(expected).as("the function hands out jobs").hasSizeGreaterThan(50);
                jobs = new SqlJobManager(app.connector());

                assertThat(claimedInBatches(List.of(watched), 7)).as("seed %d, queue index %s", seed, queueIndex)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void aClaimOfNamedQueuesWithPausedAndLimitedOnesHandsOutWhatTheClaimOnUpstreamsIndexDoes(TestDatabase database) {
        List<List<Long>> claims = new ArrayList<>();
        for (boolean queueIndex : new boolean[] {true, false}) {
            if (!queueIndex) {
                database.execute("DROP INDEX procrastinate4j_jobs_queue_todo_idx");
            }
            database.execute("TRUNCATE procrastinate_events, procrastinate_jobs, procrastinate4j_queue_controls "
                    + "RESTART IDENTITY CASCADE");
            jobs = new SqlJobManager(app.connector());
            List<JobToDefer> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                batch.add(new JobToDefer(List.of("paused", "limited", "free", "free2", "unwatched").get(i % 5),
                        "task", PRIORITIES[i % PRIORITIES.length], LOCKS[i % LOCKS.length], null, "{}", null));
            }
            jobs.batchDefer(batch);
            jobs.pauseQueue("paused");
            jobs.setQueueLimits("limited", QueueLimits.maxRunning(3));
            List<Long> claimed = new ArrayList<>();
            for (List<Job> some = jobs.fetchJobs(List.of("paused", "limited", "free", "free2"), worker, 5);
                    !some.isEmpty(); some = jobs.fetchJobs(List.of("paused", "limited", "free", "free2"), worker, 5)) {
                some.forEach(job -> claimed.add(job.id()));
            }
            claims.add(claimed);
        }

        assertThat(claims.get(0)).hasSizeGreaterThan(5).containsExactlyElementsOf(claims.get(1));
        List<String> queues = claims.get(0).stream().map(id -> jobs.getJob(id).orElseThrow().queueName()).toList();
        assertThat(queues).doesNotContain("paused", "unwatched").contains("free", "free2");
        assertThat(queues.stream().filter("limited"::equals).count()).as("the limited queue's limit").isEqualTo(3);
    }

    /**
     * A prepared statement is planned for its parameters five times, then the server keeps the generic plan if it
     * finds it no dearer: the claim of named queues must then still walk step 4's index of each queue, not upstream's
     * index of every queue's waiting jobs past those of another queue.
     */
    @Test
    void theGenericPlanOfAClaimOfNamedQueuesWalksTheIndexOfEachQueue(TestDatabase database) throws SQLException {
        database.execute("INSERT INTO procrastinate_jobs (queue_name, task_name, args) "
                + "SELECT 'parked', 'task', '{}' FROM generate_series(1, 5000)");
        database.execute("INSERT INTO procrastinate_jobs (queue_name, task_name, args) "
                + "SELECT 'q', 'task', '{}' FROM generate_series(1, 100)");
        database.execute("ANALYZE procrastinate_jobs");
        for (String sql : List.of(JobSql.fetchMany(8, true), JobSql.fetchManyControlled(8, true))) {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                statement.execute("PREPARE claim(varchar[], bigint) AS " + sql);
                for (int run = 0; run < 6; run++) {
                    statement.execute("EXECUTE claim(ARRAY['q'], " + worker + ")");
                }
                List<String> plan = new ArrayList<>();
                try (ResultSet line = statement.executeQuery("EXPLAIN EXECUTE claim(ARRAY['q'], " + worker + ")")) {
                    while (line.next()) {
                        plan.add(line.getString(1));
                    }
                }
                try (ResultSet row = statement.executeQuery(
                        "SELECT generic_plans FROM pg_prepared_statements WHERE name = 'claim'")) {
                    row.next();
                    assertThat(row.getLong(1)).as("the server chose the generic plan by itself").isPositive();
                }
                connection.rollback();
                assertThat(String.join("\n", plan)).as(sql)
                        .contains("Index Scan using procrastinate4j_jobs_queue_todo_idx")
                        .doesNotContain("procrastinate_jobs_priority_idx_v1");
            }
        }
    }

    @Test
    void aClaimedJobReadsTheSameAsTheStoredRow() {
        Instant at = Instant.parse("2020-01-02T03:04:05.123456Z");
        long id = jobs.defer(new JobToDefer("q", "task", 3, "lock", "queueing", "{\"n\": 1}", at));

        Job claimed = jobs.fetchJobs(List.of("q"), worker, 4).get(0);

        assertThat(claimed).isEqualTo(jobs.getJob(id).orElseThrow());
        assertThat(claimed.status()).isEqualTo(JobStatus.DOING);
        assertThat(claimed.workerId()).isEqualTo(worker);
        assertThat(claimed.scheduledAt()).isEqualTo(at);
        assertThat(claimed.argsJson()).isEqualTo("{\"n\": 1}");
    }

    @Test
    void endingSeveralJobsWithDeleteRemovesAllOrNone() {
        List<Long> ids = jobs.batchDefer(List.of(job(), job(), job()));
        jobs.fetchJobs(null, worker, 3);
        jobs.finishJob(JobEnd.succeeded(ids.get(2)));

        assertThatThrownBy(() -> jobs.finishJobs(ids.stream().map(id -> JobEnd.succeeded(id).deletingJob()).toList()))
                .isInstanceOf(ProcrastinateException.class)
                .hasMessageContaining("Job was not found or not in \"doing\" or \"todo\" status (job id: "
                        + ids.get(2));
        assertThat(jobs.getJob(ids.get(0))).as("kept: the statement was rolled back").isPresent();

        jobs.finishJobs(ids.subList(0, 2).stream().map(id -> JobEnd.succeeded(id).deletingJob()).toList());
        assertThat(jobs.getJob(ids.get(0))).isEmpty();
        assertThat(jobs.getJob(ids.get(1))).isEmpty();
    }

    @Test
    void endingSeveralJobsRecordsWhatTheFunctionRecords() {
        List<Long> ids = jobs.batchDefer(List.of(job(), job()));
        jobs.fetchJobs(null, worker, 1);

        jobs.finishJobs(ids.stream().map(id -> JobEnd.failed(id, null)).toList());

        Job ran = jobs.getJob(ids.get(0)).orElseThrow();
        Job waiting = jobs.getJob(ids.get(1)).orElseThrow();
        assertThat(ran.status()).isEqualTo(JobStatus.FAILED);
        assertThat(ran.attempts()).as("it ran once").isEqualTo(1);
        assertThat(ran.workerId()).isNull();
        assertThat(waiting.status()).isEqualTo(JobStatus.FAILED);
        assertThat(waiting.attempts()).as("it never ran").isZero();
        assertThat(jobs.listEvents(ids.get(0))).extracting(event -> event.type().name())
                .containsExactly("DEFERRED", "STARTED", "FAILED");
        assertThat(jobs.listEvents(ids.get(1))).extracting(event -> event.type().name())
                .containsExactly("DEFERRED", "CANCELLED");
    }

    @Test
    void anEndWithAStatusThatIsNoEndIsRefusedBeforeAnyJobChanges() {
        List<Long> ids = jobs.batchDefer(List.of(job(), job()));
        jobs.fetchJobs(null, worker, 2);

        assertThatThrownBy(() -> jobs.finishJobs(ids.stream()
                .map(id -> new JobEnd(id, JobStatus.TODO, false, null)).toList()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a job ends succeeded, failed or aborted, not TODO");
        assertThat(jobs.getJob(ids.get(0)).orElseThrow().status()).isEqualTo(JobStatus.DOING);
    }

    @Test
    void batchDeferStoresEveryFieldAndReturnsIdsInInputOrder() {
        Instant at = Instant.parse("2030-01-01T00:00:00Z");
        List<Long> ids = jobs.batchDefer(List.of(
                new JobToDefer("q1", "t1", 2, "l1", "ql1", "{\"a\": 1}", null),
                new JobToDefer("q2", "t2", -1, null, null, "{}", at)));

        Job first = jobs.getJob(ids.get(0)).orElseThrow();
        Job second = jobs.getJob(ids.get(1)).orElseThrow();
        assertThat(ids.get(0)).isLessThan(ids.get(1));
        assertThat(first).isEqualTo(new Job(ids.get(0), "q1", "t1", 2, "l1", "ql1", "{\"a\": 1}", JobStatus.TODO,
                null, 0, false, null));
        assertThat(second).isEqualTo(new Job(ids.get(1), "q2", "t2", -1, null, null, "{}", JobStatus.TODO, at, 0,
                false, null));
        assertThat(jobs.listEvents(ids.get(1))).extracting(event -> event.type().name())
                .containsExactlyInAnyOrder("DEFERRED", "SCHEDULED");
    }

    private static JobToDefer job() {
        return new JobToDefer("q", "task", 0, null, null, "{}", null);
    }
}
