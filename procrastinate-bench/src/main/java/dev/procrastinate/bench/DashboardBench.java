package dev.procrastinate.bench;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.dashboard.Dashboard;
import dev.procrastinate.dashboard.DashboardRequest;
import dev.procrastinate.dashboard.DashboardResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Server time of every dashboard page on a big table: fills {@code jobs} jobs (with their events, a week of history,
 * failure details when the extension's table exists), then times each page's {@link Dashboard#handle} in-process
 * (SQL and rendering; no network), first with upstream's indexes only, then with the optional
 * {@code procrastinate4j_} indexes the README lists.
 */
final class DashboardBench {

    /** The optional, additive indexes the pages use; none is needed for correctness. */
    static final List<String> INDEXES = List.of(
            "CREATE INDEX IF NOT EXISTS procrastinate4j_events_at_idx ON procrastinate_events (at, id) INCLUDE (type)",
            "CREATE INDEX IF NOT EXISTS procrastinate4j_jobs_queue_status_idx ON procrastinate_jobs "
                    + "(queue_name, status)",
            "CREATE INDEX IF NOT EXISTS procrastinate4j_jobs_task_name_id_idx ON procrastinate_jobs (task_name, id)",
            "CREATE INDEX IF NOT EXISTS procrastinate4j_jobs_status_id_idx ON procrastinate_jobs (status, id)",
            "CREATE INDEX IF NOT EXISTS procrastinate4j_jobs_lock_id_idx ON procrastinate_jobs (lock, id) "
                    + "WHERE lock IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS procrastinate4j_jobs_queueing_lock_id_idx ON procrastinate_jobs "
                    + "(queueing_lock, id) WHERE queueing_lock IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS procrastinate4j_jobs_args_trgm_idx ON procrastinate_jobs "
                    + "USING gin ((args::text) gin_trgm_ops)");
    private static final int RUNS = 7;

    private final Connector connector;
    private final int jobs;

    private DashboardBench(Connector connector, int jobs) {
        this.connector = connector;
        this.jobs = jobs;
    }

    static void run(String url, int jobs) {
        try (Connector connector = Connectors.get("jdbc", ConnectorOptions.builder().url(url).maxPoolSize(4)
                .build())) {
            new DashboardBench(connector, jobs).measure();
        }
    }

    private void measure() {
        System.err.println("Dashboard: filling " + jobs + " jobs with their events...");
        long start = System.nanoTime();
        fill();
        System.err.printf(Locale.ROOT, "Dashboard: filled in %.0f s%n", Bench.seconds(start));
        long first = connector.query("SELECT min(id) AS id FROM procrastinate_jobs").get(0).getLong("id");
        long failed = connector.query("SELECT max(id) AS id FROM procrastinate_jobs WHERE status = 'failed'").get(0)
                .getLong("id");
        Map<String, String> pages = pages(first + jobs / 2, failed);
        INDEXES.forEach(sql -> connector.execute(sql.replace("CREATE INDEX IF NOT EXISTS", "DROP INDEX IF EXISTS")
                .replaceAll(" ON .*", "")));
        connector.execute("VACUUM ANALYZE procrastinate_jobs");
        Map<String, double[]> without = time(Dashboard.builder(connector).build(), pages);
        System.err.println("Dashboard: creating the optional indexes...");
        start = System.nanoTime();
        connector.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
        INDEXES.forEach(connector::execute);
        connector.execute("VACUUM ANALYZE procrastinate_jobs");
        connector.execute("VACUUM ANALYZE procrastinate_events");
        System.err.printf(Locale.ROOT, "Dashboard: indexes built in %.0f s%n", Bench.seconds(start));
        Map<String, double[]> with = time(Dashboard.builder(connector).build(), pages);
        print(pages, without, with);
    }

    private void fill() {
        connector.executeScript("TRUNCATE procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, "
                + "procrastinate_workers RESTART IDENTITY CASCADE");
        connector.executeScript("INSERT INTO procrastinate_workers (last_heartbeat) SELECT now() "
                + "FROM generate_series(1, 4)");
        // Upstream's triggers would stamp every event now(); the history is written with its own times instead.
        connector.executeScript("SET LOCAL session_replication_role = replica; "
                + "INSERT INTO procrastinate_jobs (queue_name, task_name, priority, lock, queueing_lock, args, status, "
                + "attempts, worker_id) SELECT 'queue_' || (i % 10), 'task_' || (i % 50), i % 3, "
                + "CASE WHEN i % 10 = 0 THEN 'lock_' || (i % 5000) END, "
                + "CASE WHEN i % 20 = 0 THEN 'qlock_' || i END, "
                + "jsonb_build_object('user_id', i, 'email', 'user' || i || '@example.com'), "
                + "(CASE WHEN i > " + jobs + " - 20000 AND i % 2 = 0 THEN 'todo' WHEN i > " + jobs + " - 100 THEN "
                + "'doing' WHEN i % 20 = 1 THEN 'failed' WHEN i % 50 = 2 THEN 'cancelled' WHEN i % 97 = 3 THEN "
                + "'aborted' ELSE 'succeeded' END)::procrastinate_job_status, CASE WHEN i % 20 = 1 THEN 3 ELSE 1 END, "
                + "CASE WHEN i > " + jobs + " - 100 THEN 1 + i % 4 END FROM generate_series(1, " + jobs + ") AS i");
        String at = "now() - (" + jobs + " - (j.id - m.first)) * interval '604800 seconds' / " + jobs;
        connector.executeScript("SET LOCAL session_replication_role = replica; "
                + "INSERT INTO procrastinate_events (job_id, type, at) "
                + "SELECT j.id, e.type::procrastinate_job_event_type, " + at
                + " + e.offset_ms * interval '1 millisecond' "
                + "FROM procrastinate_jobs j CROSS JOIN (SELECT min(id) AS first FROM procrastinate_jobs) m "
                + "CROSS JOIN LATERAL (VALUES ('deferred', 0), ('started', 40), "
                + "(CASE j.status WHEN 'todo' THEN NULL WHEN 'doing' THEN NULL WHEN 'failed' THEN 'failed' "
                + "WHEN 'cancelled' THEN 'cancelled' WHEN 'aborted' THEN 'aborted' ELSE 'succeeded' END, 900)) "
                + "AS e(type, offset_ms) WHERE e.type IS NOT NULL AND NOT (j.status = 'todo' AND e.type = 'started') "
                + "AND NOT (j.status = 'cancelled' AND e.type = 'started')");
        boolean failures = Boolean.TRUE.equals(connector.query(
                "SELECT to_regclass('procrastinate4j_job_failures') IS NOT NULL AS present").get(0)
                .getBoolean("present"));
        if (failures) {
            connector.executeScript("INSERT INTO procrastinate4j_job_failures (job_id, attempt, worker_id, "
                    + "exception_class, message, stack_trace) SELECT id, a, 1, 'java.io.IOException', "
                    + "'connection reset by peer', repeat('at dev.example.Task.run(Task.java:42)' || chr(10), 40) "
                    + "FROM procrastinate_jobs CROSS JOIN generate_series(1, 3) AS a WHERE status = 'failed'");
        }
        connector.executeScript("INSERT INTO procrastinate_periodic_defers (task_name, periodic_id, defer_timestamp, "
                + "job_id) SELECT 'task_' || i, '', extract(epoch FROM now())::bigint, " + "(SELECT max(id) FROM "
                + "procrastinate_jobs) FROM generate_series(1, 20) AS i");
        connector.execute("VACUUM ANALYZE procrastinate_jobs");
        connector.execute("VACUUM ANALYZE procrastinate_events");
    }

    /** The pages of {@code dashboard-pages.tsv} (label, path), with {@code {middle}} and {@code {failed}} filled in. */
    static Map<String, String> pages(long middle, long failed) {
        Map<String, String> pages = new LinkedHashMap<>();
        try (InputStream in = DashboardBench.class.getResourceAsStream("/dashboard-pages.tsv")) {
            if (in == null) {
                throw new IllegalStateException("dashboard-pages.tsv is missing from the benchmark's class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t");
                pages.put(cells[0], cells[1].replace("{middle}", Long.toString(middle))
                        .replace("{failed}", Long.toString(failed)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dashboard-pages.tsv", e);
        }
        return pages;
    }

    /** Median and maximum milliseconds of {@link #RUNS} requests per page, and the first request's before them. */
    private static Map<String, double[]> time(Dashboard dashboard, Map<String, String> pages) {
        Map<String, double[]> times = new LinkedHashMap<>();
        pages.forEach((name, path) -> {
            DashboardRequest request = request(path);
            long cold = System.nanoTime();
            check(dashboard.handle(request), path);
            double first = (System.nanoTime() - cold) / 1e6;
            double[] runs = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                check(dashboard.handle(request), path);
                runs[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(runs);
            times.put(name, new double[] {runs[RUNS / 2], runs[RUNS - 1], first});
        });
        return times;
    }

    private static DashboardRequest request(String path) {
        int question = path.indexOf('?');
        Map<String, String> query = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : path.substring(question + 1).split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return DashboardRequest.get(question >= 0 ? path.substring(0, question) : path, query);
    }

    private static void check(DashboardResponse response, String path) {
        if (response.status() != 200) {
            throw new IllegalStateException("dashboard page " + path + " answered " + response.status() + ": "
                    + response.bodyText());
        }
    }

    private static String cell(double[] times) {
        return String.format(Locale.ROOT, "%.0f / %.0f (%.0f)", times[0], times[1], times[2]);
    }

    private void print(Map<String, String> pages, Map<String, double[]> without, Map<String, double[]> with) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Dashboard server time on %,d jobs (%,d events): median / max of %d "
                + "requests (first request in brackets), ms", jobs,
                connector.query("SELECT count(*) AS n FROM procrastinate_events").get(0)
                .getLong("n"), RUNS));
        lines.add(String.format(Locale.ROOT, "| %s | %s | %s |", "page", "upstream indexes only",
                "+ procrastinate4j_ indexes"));
        lines.add("|---|---|---|");
        pages.keySet().forEach(name -> lines.add(String.format(Locale.ROOT, "| %s | %s | %s |", name,
                cell(without.get(name)), cell(with.get(name)))));
        System.out.println();
        lines.forEach(System.out::println);
    }
}
