package dev.procrastinate.bench;

import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.DeleteJobs;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section "bigtables": the drain rate with a long history and a backlog elsewhere, as a ratio to the empty-table
 * rate measured in the same run. The table gets {@code --bigtables-finished} succeeded jobs (1,000,000 by default)
 * with their three events each (deferred, started, succeeded) and {@code --bigtables-waiting} jobs (100,000) waiting
 * in queue {@code bench_parked}, which the worker does not watch; then the usual batch is queued in queue
 * {@code default} and drained by a worker that watches {@code default} only (the baseline's worker watches the
 * same). The filler writes the rows set-based, with the triggers off ({@code session_replication_role = replica},
 * so a superuser is needed) and the events written by the same statement shape as the triggers would, which is
 * equivalent for the tables and an order of magnitude faster than firing a trigger per row; then it VACUUMs and
 * ANALYZEs, as autovacuum would on a live system. The claim statement's plan on the filled table, from {@code EXPLAIN
 * (ANALYZE, BUFFERS)} in a transaction that is rolled back, is printed below the table with the indexes it uses.
 */
final class BigTables {

    static final String PARKED_QUEUE = "bench_parked";
    private static final Pattern INDEX = Pattern.compile(
            "(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\\S+)");

    private BigTables() {
    }

    static void run(Bench bench, Report report, String connector, int concurrency, int jobs, int finished,
            int waiting) throws Exception {
        List<String> watched = List.of("default");
        if (bench.warmupJobs() > 0) {
            // the benchmark's warm-up watched every queue: compile the claim of named queues too, so that the empty
            // table's drain is not the colder one
            System.err.println("Big tables: warming up with " + bench.warmupJobs() + " jobs of queue default...");
            bench.drainOnce(connector, concurrency, DeleteJobs.NEVER, bench.warmupJobs(), false, watched);
        }
        System.err.println("Big tables: draining " + jobs + " jobs from an empty table, watching every queue...");
        Bench.Drain everyQueue = bench.drainOnce(connector, concurrency, DeleteJobs.NEVER, jobs, false, List.of());
        System.err.println("Big tables: draining " + jobs + " jobs from an empty table...");
        Bench.Drain empty = bench.drainOnce(connector, concurrency, DeleteJobs.NEVER, jobs, false, watched);
        report.row("big tables: drain no-op jobs, empty table, queue default", connector,
                Integer.toString(concurrency), Report.number(empty.perSecond()) + " jobs/s", String.format(Locale.ROOT,
                        "%.2fx the same drain by a worker watching every queue, %s jobs/s (same run; its claim walks "
                        + "upstream's index of all waiting jobs); %s (every queue: %s)",
                        empty.perSecond() / everyQueue.perSecond(), Report.number(everyQueue.perSecond()),
                        Report.cpu(empty.cpu(), jobs), Report.cpu(everyQueue.cpu(), jobs).replace("CPU/job: ", "")));
        bench.reset();
        System.err.printf(Locale.ROOT, "Big tables: writing %,d finished jobs with their events and %,d waiting "
                + "jobs in queue %s...%n", finished, waiting, PARKED_QUEUE);
        long start = System.nanoTime();
        fill(bench, finished, waiting);
        double fillSeconds = Bench.seconds(start);
        bench.queue(jobs);
        String plans = explainClaim(bench.url(), concurrency);
        System.err.println("Big tables: draining " + jobs + " jobs...");
        Bench.Drain big = bench.drainQueued(connector, concurrency, DeleteJobs.NEVER, jobs, false, watched);
        report.row("big tables: drain no-op jobs, queue default", connector, Integer.toString(concurrency),
                Report.number(big.perSecond()) + " jobs/s", String.format(Locale.ROOT,
                        "%.2fx the empty table's %s jobs/s (same run); %,d finished jobs with 3 events each and "
                        + "%,d waiting in %s (filled in %.0f s); %s", big.perSecond() / empty.perSecond(),
                        Report.number(empty.perSecond()), finished, waiting, PARKED_QUEUE, fillSeconds,
                        Report.cpu(big.cpu(), jobs) + " (empty table: " + Report.cpu(empty.cpu(), jobs)
                                .replace("CPU/job: ", "") + ")"));
        report.note(plans);
    }

    private static void fill(Bench bench, int finished, int waiting) {
        try (App app = bench.app("jdbc", 2)) {
            app.connector().executeScript("SET LOCAL session_replication_role = replica; "
                    + "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status, attempts) "
                    + "SELECT 'default', 'bench.noop', jsonb_build_object('i', i), 'succeeded', 1 "
                    + "FROM generate_series(1, " + finished + ") AS i; "
                    + "INSERT INTO procrastinate_jobs (queue_name, task_name, args) "
                    + "SELECT '" + PARKED_QUEUE + "', 'bench.noop', jsonb_build_object('i', i) "
                    + "FROM generate_series(1, " + waiting + ") AS i");
            // The events the triggers write: 'deferred' for every job, then 'started' and 'succeeded' for the
            // finished ones, spread over the past week.
            app.connector().executeScript("SET LOCAL session_replication_role = replica; "
                    + "INSERT INTO procrastinate_events (job_id, type, at) "
                    + "SELECT j.id, e.type::procrastinate_job_event_type, "
                    + "now() - interval '7 days' + (j.id * 3 + e.step) * interval '100 microseconds' "
                    + "FROM procrastinate_jobs AS j CROSS JOIN (VALUES ('deferred', 1), ('started', 2), "
                    + "('succeeded', 3)) AS e(type, step) WHERE j.status = 'succeeded' OR e.type = 'deferred' "
                    + "ORDER BY j.id, e.step");
            app.connector().execute("VACUUM ANALYZE procrastinate_jobs");
            app.connector().execute("VACUUM ANALYZE procrastinate_events");
        }
    }

    /**
     * The worker's claim statement of named queues ({@code JobSql.fetchManyControlled(int, boolean)} where queue
     * control is installed, else {@code JobSql.fetchMany(int, boolean)}, read by reflection so that the plan is
     * always the current statement's), prepared and explained in one transaction rolled back afterwards: with the
     * server's custom plan for the parameters, then with the generic plan a prepared statement may switch to after
     * five runs; and whether the server did switch to it by itself in six runs.
     */
    private static String explainClaim(String url, int batch) throws SQLException {
        String sql;
        try (Connection connection = Bench.jdbc(url); Statement statement = connection.createStatement();
                ResultSet present = statement.executeQuery(
                        "SELECT to_regclass('procrastinate4j_queue_controls') IS NOT NULL")) {
            present.next();
            Class<?> jobSql = Class.forName("dev.procrastinate.core.job.JobSql");
            Method fetchMany = jobSql.getDeclaredMethod(present.getBoolean(1) ? "fetchManyControlled" : "fetchMany",
                    int.class, boolean.class);
            fetchMany.setAccessible(true);
            sql = (String) fetchMany.invoke(null, batch, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "Big tables: the claim statement was not found (JobSql.fetchMany(int, boolean): " + e
                    + "), not explained.";
        }
        StringBuilder out = new StringBuilder();
        Set<String> indexes = new LinkedHashSet<>();
        try (Connection connection = Bench.jdbc(url); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            long worker;
            try (ResultSet row = statement.executeQuery(
                    "INSERT INTO procrastinate_workers DEFAULT VALUES RETURNING id")) {
                row.next();
                worker = row.getLong(1);
            }
            statement.execute("PREPARE bench_claim(varchar[], bigint) AS " + sql);
            for (int run = 0; run < 6; run++) {
                statement.execute("EXECUTE bench_claim(ARRAY['default'], " + worker + ")");
            }
            long genericPlans;
            try (ResultSet row = statement.executeQuery(
                    "SELECT generic_plans FROM pg_prepared_statements WHERE name = 'bench_claim'")) {
                row.next();
                genericPlans = row.getLong(1);
            }
            out.append("Big tables: in six runs of the prepared claim the server ").append(genericPlans > 0
                    ? "switched to the generic plan by itself." : "kept planning it again for every run.")
                    .append("\n\n");
            for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                statement.execute("SET LOCAL plan_cache_mode = " + mode);
                List<String> lines = new ArrayList<>();
                try (ResultSet plan = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_claim("
                        + "ARRAY['default'], " + worker + ")")) {
                    while (plan.next()) {
                        lines.add(plan.getString(1));
                    }
                }
                for (String line : lines) {
                    Matcher index = INDEX.matcher(line);
                    while (index.find()) {
                        indexes.add(index.group(1));
                    }
                }
                out.append("Big tables: claim of up to ").append(batch).append(" jobs in queue default, ")
                        .append(mode.equals("force_custom_plan") ? "custom plan" : "generic plan (after 5 runs of "
                                + "a prepared statement, when the server finds it no dearer)")
                        .append(", EXPLAIN (ANALYZE, BUFFERS):\n\n    ").append(String.join("\n    ", lines))
                        .append("\n\n");
            }
            connection.rollback();
        }
        out.append("Indexes the claim uses on the big table: ").append(String.join(", ", indexes)).append('.');
        return out.toString();
    }
}
