package dev.procrastinate.bench;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.core.worker.DeleteJobs;
import dev.procrastinate.testing.PgBouncer;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Section "pgbouncer": the no-op drain through PgBouncer in transaction pooling mode, as a ratio to the direct drain
 * measured just before it in the same run, per connector. The benchmark starts PgBouncer itself ({@link PgBouncer}: a
 * free port on 127.0.0.1, {@code pool_mode = transaction}, as many server connections as the worker's pool). The
 * worker's statements go through it with {@code transactionPooler} set; its LISTEN goes to the server directly
 * ({@code listenUrl}), since a pooler in transaction mode cannot keep a session's LISTEN. After each drain the table is
 * checked: every job {@code succeeded} with {@code attempts = 1} and one {@code started} event each, so each ran once.
 * pgjdbc-ng is skipped: it names its server-side prepared statements, which PgBouncer before 1.21 (Debian 12 ships
 * 1.18) cannot follow across server connections.
 */
final class PgBouncerBench {

    private PgBouncerBench() {
    }

    static void run(Bench bench, Report report, List<String> connectors, int concurrency, int jobs) throws Exception {
        if (PgBouncer.executable().isEmpty()) {
            report.row("drain through PgBouncer (transaction pooling)", String.join(",", connectors),
                    Integer.toString(concurrency), "not run", "PgBouncer is not installed (apt-get install -y "
                            + "pgbouncer, or PROCRASTINATE_PGBOUNCER=/path/to/pgbouncer)");
            return;
        }
        URI server = URI.create(bench.url());
        String database = server.getPath().replaceFirst("^/", "");
        int poolSize = concurrency + 2;
        try (PgBouncer bouncer = PgBouncer.start(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort(),
                Bench.user(bench.url()), Bench.password(bench.url()), poolSize)) {
            System.err.println("PgBouncer " + bouncer.host() + ":" + bouncer.port() + " in front of " + server.getHost()
                    + ":" + server.getPort());
            for (String connector : connectors) {
                if (connector.equals("pgjdbc-ng")) {
                    report.row("drain through PgBouncer (transaction pooling)", connector,
                            Integer.toString(concurrency), "not run", "pgjdbc-ng names its server-side prepared "
                                    + "statements, which PgBouncer before 1.21 (Debian 12 ships 1.18) cannot follow "
                                    + "in transaction mode");
                    continue;
                }
                drainBoth(bench, report, bouncer, database, connector, concurrency, jobs);
            }
        }
    }

    private static void drainBoth(Bench bench, Report report, PgBouncer bouncer, String database, String connector,
            int concurrency, int jobs) throws Exception {
        if (bench.warmupJobs() > 0) {
            System.err.println("PgBouncer: warming up " + connector + " with " + bench.warmupJobs() + " jobs...");
            bench.drainOnce(connector, concurrency, DeleteJobs.NEVER, bench.warmupJobs(), false, List.of());
        }
        System.err.println("PgBouncer: draining " + jobs + " jobs directly (" + connector + ")...");
        Bench.Drain direct = bench.drainOnce(connector, concurrency, DeleteJobs.NEVER, jobs, false, List.of());
        String directCheck = ranOnce(bench.url(), jobs);
        bench.reset();
        bench.queue(jobs);
        System.err.println("PgBouncer: draining " + jobs + " jobs through PgBouncer (" + connector + ")...");
        ConnectorOptions throughBouncer = ConnectorOptions.builder()
                .url(bouncer.postgresUrl(database, Bench.user(bench.url())))
                .transactionPooler(true).listenUrl(bench.url()).maxPoolSize(concurrency + 2).build();
        Bench.Drain bounced = bench.drainQueued(connector, throughBouncer, concurrency, DeleteJobs.NEVER, jobs,
                false, List.of());
        String bouncedCheck = ranOnce(bench.url(), jobs);
        report.row("drain through PgBouncer (transaction pooling)", connector, Integer.toString(concurrency),
                Report.number(bounced.perSecond()) + " jobs/s", String.format(Locale.ROOT,
                        "%.2fx direct's %s jobs/s (same run; target 0.80x); through PgBouncer %s; direct %s; %s "
                                + "(direct: %s; PgBouncer's own CPU not counted)",
                        bounced.perSecond() / direct.perSecond(), Report.number(direct.perSecond()), bouncedCheck,
                        directCheck, Report.cpu(bounced.cpu(), jobs),
                        Report.cpu(direct.cpu(), jobs).replace("CPU/job: ", "")));
    }

    /**
     * Whether each of the {@code jobs} queued jobs ran exactly once: all {@code succeeded} with one attempt and one
     * {@code started} event each; otherwise {@code CHECK FAILED} and the counts.
     */
    static String ranOnce(String url, int jobs) throws SQLException {
        try (Connection connection = Bench.jdbc(url); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT (SELECT count(*) FROM procrastinate_jobs) AS deferred,
                               (SELECT count(*) FROM procrastinate_jobs
                                WHERE status = 'succeeded' AND attempts = 1) AS succeeded_once,
                               (SELECT count(*) FROM procrastinate_events WHERE type = 'started') AS started""")) {
            rows.next();
            long deferred = rows.getLong("deferred");
            long succeededOnce = rows.getLong("succeeded_once");
            long started = rows.getLong("started");
            boolean once = deferred == jobs && succeededOnce == jobs && started == jobs;
            return String.format(Locale.ROOT, "%s (%,d deferred, %,d succeeded at attempt 1, %,d started)",
                    once ? "every job ran once" : "CHECK FAILED", deferred, succeededOnce, started);
        }
    }
}
