package dev.procrastinate.faults;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.core.App;
import dev.procrastinate.testing.RestartablePostgres;
import dev.procrastinate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scenario on one connector: a database and a non-superuser role of its own on {@link FaultServer}, worker
 * processes, jobs, and the facts a fault leaves in {@code fault_runs} and {@code procrastinate_jobs}.
 *
 * <p>A scenario calls {@link #begin}, {@link #deferInitialJobs()}, {@link #awaitRuns} to be mid-run, injects its
 * fault, notes the jobs it allows to run twice, then {@link #finish()}: every initial job must end, a final batch is
 * deferred that each live process must take part in, the processes are stopped with SIGTERM, and the outcome is
 * printed as a table row and asserted.
 */
final class FaultRun implements AutoCloseable {

    static final int PROCESSES = 2;
    static final int JOBS = 300;
    static final int SLEEP_MS = 15;
    static final int FINAL_JOBS_PER_PROCESS = 6;
    static final int FINAL_SLEEP_MS = 100;
    static final Duration STALLED_TIMEOUT = FaultWorkerMain.OPTIONS.stalledWorkerTimeout();
    static final Duration JOBS_DEADLINE = Duration.ofSeconds(30);
    static final Duration FINAL_DEADLINE = Duration.ofSeconds(20);
    static final Duration START_DEADLINE = Duration.ofSeconds(60);
    static final Duration STOP_PATIENCE = Duration.ofSeconds(15);

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Path LOGS = Path.of("target", "fault-logs");

    private final String scenario;
    private final String connector;
    private final RestartablePostgres postgres;
    private final String role;
    private final TestDatabase admin;
    private final TestDatabase asRole;
    private final long startedNanos = System.nanoTime();
    private final List<WorkerProcess> processes = new ArrayList<>();
    private final Set<WorkerProcess> gone = new LinkedHashSet<>();
    private final Set<Long> allowedTwice = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Long> initialJobs = new ArrayList<>();
    private final List<Long> finalJobs = new ArrayList<>();
    private final StringBuilder timeline = new StringBuilder();
    private long lastMark = startedNanos;
    private Freeze freeze;

    /** The window during which a process was stopped by SIGSTOP: its runs did not execute in it. */
    record Freeze(long pid, Instant stoppedAt, Instant continuedAt) {
    }

    private FaultRun(String scenario, String connector, RestartablePostgres postgres, String name) {
        this.scenario = scenario;
        this.connector = connector;
        this.postgres = postgres;
        this.role = name;
        this.admin = postgres.database(name, RestartablePostgres.SUPERUSER);
        this.asRole = postgres.database(name, name);
    }

    /** A fresh database and role with procrastinate's schema and {@code fault_runs}, and started workers. */
    static FaultRun begin(String scenario, String connector) throws InterruptedException {
        RestartablePostgres postgres = FaultServer.get();
        String name = "fault_" + COUNTER.incrementAndGet();
        postgres.createRole(name);
        postgres.createDatabase(name, name);
        FaultRun run = new FaultRun(scenario, connector, postgres, name);
        try (App app = App.fromOptions(run.options(name))) {
            app.schema().apply();
        }
        run.asRole.execute(RunRecorder.TABLE_DDL);
        for (int i = 0; i < PROCESSES; i++) {
            run.startWorker();
        }
        run.awaitRegistered(run.processes);
        return run;
    }

    private ConnectorOptions options(String user) {
        return ConnectorOptions.builder().url(postgres.url(role, user)).property(ConnectorOptions.CONNECTOR, "jdbc")
                .build();
    }

    RestartablePostgres postgres() {
        return postgres;
    }

    List<WorkerProcess> processes() {
        return Collections.unmodifiableList(processes);
    }

    /** The processes the scenario did not kill. */
    List<WorkerProcess> live() {
        return processes.stream().filter(process -> !gone.contains(process)).toList();
    }

    WorkerProcess startWorker() {
        String label = connector + "-" + scenarioSlug() + "-p" + (processes.size() + 1);
        WorkerProcess process = WorkerProcess.start(label, connector, postgres.url(role, role), postgres.jdbcUrl(role),
                role, LOGS.resolve(label + ".log").toAbsolutePath());
        processes.add(process);
        return process;
    }

    void awaitRegistered(Collection<WorkerProcess> started) throws InterruptedException {
        if (!Await.until(START_DEADLINE, () -> started.stream().allMatch(p -> p.currentWorkerId() != null))) {
            throw new AssertionError("worker processes did not register within " + START_DEADLINE + ": " + started
                    + "; see the logs");
        }
    }

    /** Notes a process the scenario killed: it need not be alive or working at the end. */
    void gone(WorkerProcess process) {
        gone.add(process);
    }

    void frozen(Freeze window) {
        this.freeze = window;
    }

    void note(String text) {
        notes.add(text);
    }

    void deferInitialJobs() {
        initialJobs.addAll(defer(JOBS, SLEEP_MS));
    }

    private List<Long> defer(int count, int sleepMs) {
        try (App app = App.fromOptions(options(RestartablePostgres.SUPERUSER))) {
            return app.batchDefer(FaultWorkerMain.TASK, Collections.nCopies(count, Map.of("sleep_ms", sleepMs)));
        }
    }

    long runs() {
        return admin.queryForLong("SELECT count(*) FROM fault_runs");
    }

    /** Waits until at least {@code count} runs are recorded; a miss is noted (and fails the scenario later). */
    void awaitRuns(long count) throws InterruptedException {
        mark("setup");
        if (!Await.until(JOBS_DEADLINE, () -> runs() >= count)) {
            note("only " + runs() + " of the " + count + " runs awaited mid-scenario were recorded within "
                    + JOBS_DEADLINE);
        }
        mark("to mid-run");
    }

    /** Jobs in {@code doing} under any worker id the process registered with: those a crash may run again. */
    Set<Long> doingJobsOf(WorkerProcess process) {
        List<Long> ids = process.workerIds();
        Set<Long> jobs = new LinkedHashSet<>();
        query("SELECT id FROM procrastinate_jobs WHERE status = 'doing' AND worker_id = ANY (?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("bigint", ids.toArray())),
                result -> jobs.add(result.getLong(1)));
        return jobs;
    }

    void allowTwice(Collection<Long> jobs) {
        allowedTwice.addAll(jobs);
    }

    boolean isRegistered(long workerId) {
        return admin.queryForLong("SELECT count(*) FROM procrastinate_workers WHERE id = " + workerId) > 0;
    }

    /** Ends every backend of this scenario's role (workers and their run recorders); returns how many. */
    long terminateWorkerConnections() {
        return admin.queryForLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '"
                + role + "'");
    }

    /** With {@code true}, new connections of the workers' role are refused (their open ones are not ended). */
    void refuseConnections(boolean refuse) {
        postgres.execute("ALTER ROLE " + role + " CONNECTION LIMIT " + (refuse ? "0" : "-1"));
    }

    /**
     * Waits for the initial jobs to end, runs the final batch, stops the processes, prints the scenario's table
     * row and asserts the outcome.
     */
    void finish() throws InterruptedException {
        mark("fault injected");
        boolean ended = Await.until(JOBS_DEADLINE, () -> unfinished(initialJobs) == 0);
        if (!ended) {
            note("initial jobs still todo/doing after " + JOBS_DEADLINE);
        }
        mark("all jobs ended");
        List<WorkerProcess> live = live();
        finalJobs.addAll(defer(FINAL_JOBS_PER_PROCESS * live.size(), FINAL_SLEEP_MS));
        boolean finalDone = Await.until(FINAL_DEADLINE,
                () -> unfinished(finalJobs) == 0 && pidsThatRan(finalJobs).containsAll(pids(live)));
        if (!finalDone) {
            note("final batch: " + unfinished(finalJobs) + " of " + finalJobs.size() + " jobs still todo/doing, "
                    + "run by pids " + pidsThatRan(finalJobs) + " of live " + pids(live) + " after " + FINAL_DEADLINE);
        }
        List<WorkerProcess> deadBeforeStop = live.stream().filter(p -> !p.isAlive()).toList();
        mark("final batch by every process");
        List<WorkerProcess> stopping = live.stream().filter(WorkerProcess::isAlive).toList();
        stopping.forEach(WorkerProcess::requestStop);
        List<WorkerProcess> noGracefulExit = new ArrayList<>();
        for (WorkerProcess process : stopping) {
            if (!process.awaitExit(STOP_PATIENCE)) {
                noGracefulExit.add(process);
            }
        }
        mark("stopped by SIGTERM");
        Outcome outcome = outcome(deadBeforeStop, noGracefulExit, pidsThatRan(finalJobs), live);
        FaultReport.print(outcome.row(scenario, connector, seconds()), timeline.toString());
        if (!outcome.ok()) {
            throw new AssertionError(outcome.describe(scenario, connector, notes, processes));
        }
    }

    /** Ends the current phase of the timeline (the first mark of a name wins, so repeated steps add up). */
    private void mark(String phase) {
        long now = System.nanoTime();
        if (timeline.indexOf(phase + " ") < 0) {
            timeline.append(timeline.length() == 0 ? "timeline: " : ", ").append(phase).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.1f s", (now - lastMark) / 1e9));
            lastMark = now;
        }
    }

    private double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private long unfinished(List<Long> jobs) {
        long[] count = {0};
        query("SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') AND id = ANY (?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("bigint", jobs.toArray())),
                result -> count[0] = result.getLong(1));
        return count[0];
    }

    private Set<Long> pidsThatRan(List<Long> jobs) {
        Set<Long> pids = new LinkedHashSet<>();
        query("SELECT DISTINCT pid FROM fault_runs WHERE job_id = ANY (?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("bigint", jobs.toArray())),
                result -> pids.add(result.getLong(1)));
        return pids;
    }

    private static Set<Long> pids(List<WorkerProcess> processes) {
        Set<Long> pids = new LinkedHashSet<>();
        processes.forEach(process -> pids.add(process.pid()));
        return pids;
    }

    private Outcome outcome(List<WorkerProcess> deadBeforeStop, List<WorkerProcess> noGracefulExit,
            Set<Long> finalPids, List<WorkerProcess> live) {
        Map<String, Long> statuses = new TreeMap<>();
        query("SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY 1", statement -> { },
                result -> statuses.put(result.getString(1), result.getLong(2)));
        List<String> notSucceeded = new ArrayList<>();
        query("SELECT id, status::text, worker_id, attempts FROM procrastinate_jobs WHERE status <> 'succeeded' "
                + "ORDER BY id LIMIT 10", statement -> { },
                result -> notSucceeded.add("job " + result.getLong(1) + " " + result.getString(2) + " (worker "
                        + result.getObject(3) + ", attempts " + result.getInt(4) + ")"));
        long[] withoutRun = {0};
        query("SELECT count(*) FROM procrastinate_jobs j WHERE status = 'succeeded' AND NOT EXISTS "
                + "(SELECT 1 FROM fault_runs r WHERE r.job_id = j.id)", statement -> { },
                result -> withoutRun[0] = result.getLong(1));
        List<RunInterval> runs = new ArrayList<>();
        query("SELECT job_id, pid, worker_id, started_at, ended_at FROM fault_runs WHERE job_id IN "
                + "(SELECT job_id FROM fault_runs GROUP BY job_id HAVING count(*) > 1) ORDER BY job_id, started_at",
                statement -> { }, result -> runs.add(new RunInterval(result.getLong(1), result.getLong(2),
                        (Long) result.getObject(3), result.getTimestamp(4).toInstant(),
                        result.getTimestamp(5).toInstant())));
        Set<Long> twice = new LinkedHashSet<>();
        runs.forEach(run -> twice.add(run.jobId()));
        Set<Long> unexpectedTwice = new LinkedHashSet<>(twice);
        unexpectedTwice.removeAll(allowedTwice);
        List<String> overlaps = RunInterval.overlaps(runs, freeze, allowedTwice);
        List<WorkerProcess> idle = live.stream().filter(p -> !finalPids.contains(p.pid())).toList();
        long jobs = initialJobs.size() + finalJobs.size();
        long succeeded = statuses.getOrDefault("succeeded", 0L);
        return new Outcome(jobs, jobs - succeeded, statuses, notSucceeded, withoutRun[0], twice, allowedTwice,
                unexpectedTwice, overlaps, deadBeforeStop, idle, noGracefulExit, notes.isEmpty());
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    interface RowReader {
        void read(ResultSet result) throws SQLException;
    }

    private void query(String sql, Binder binder, RowReader reader) {
        try (Connection connection = admin.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    reader.read(result);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    private String scenarioSlug() {
        return scenario.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** Leaves nothing behind whatever happened: processes thawed and killed, role allowed again, server up. */
    @Override
    public void close() {
        for (WorkerProcess process : processes) {
            if (process.isAlive()) {
                process.thaw();
                try {
                    process.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while killing " + process, e);
                }
            }
        }
        postgres.start();
        refuseConnections(false);
    }
}
