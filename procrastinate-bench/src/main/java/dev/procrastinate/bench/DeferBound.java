package dev.procrastinate.bench;

import dev.procrastinate.core.App;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Section "deferbound": what bounds a batch defer. pgbench runs, on one connection, the same single
 * {@code INSERT ... SELECT ... RETURNING id} of {@code --defer-batch} jobs (1,000 by default) as our batch defer,
 * with the rows made by {@code generate_series} on the server, so no Java and no argument transfer: the schema's
 * per-row triggers (an event row and a NOTIFY per job) fire as for ours. That is the floor; our
 * {@code App.batchDefer} of the same batch size, the same number of batches, from an emptied table, is shown as a
 * ratio to it (target: the floor at most 1.2x ours). A third run with the triggers off
 * ({@code session_replication_role = replica}, superuser only) shows how much of the time is theirs.
 */
final class DeferBound {

    private DeferBound() {
    }

    static void run(Bench bench, Report report, int jobs, int batch) throws Exception {
        if (Floor.pgbench() == null) {
            report.row("defer bound: pgbench INSERT ... SELECT", "-", "1", "not measured",
                    "pgbench is not installed (Debian: apt-get install postgresql-client)");
            return;
        }
        int batches = Math.max(1, jobs / batch);
        String insert = "INSERT INTO procrastinate_jobs (queue_name, task_name, priority, lock, queueing_lock, args, "
                + "scheduled_at) SELECT 'default', 'bench.noop', 0, NULL, NULL, jsonb_build_object('i', i), NULL "
                + "FROM generate_series(1, " + batch + ") AS i RETURNING id;\n";
        String[] options = {"-M", "prepared", "-c", "1", "-t", Integer.toString(batches)};
        bench.reset();
        Double floorTps = Floor.run(bench.url(), insert, options);
        if (floorTps == null) {
            throw new IllegalStateException("deferbound: pgbench printed no tps line");
        }
        double floor = floorTps * batch;
        bench.reset();
        double ours = batchDefer(bench, batch, batches);
        bench.reset();
        Double untriggered;
        try {
            untriggered = Floor.run(bench.url(), "SET session_replication_role = replica;\n" + insert, options);
        } catch (IllegalStateException notSuperuser) {
            untriggered = null;
        }
        bench.reset();
        report.row("defer bound: pgbench INSERT ... SELECT generate_series, triggers on (floor)", "-", "1",
                Report.number(floor) + " jobs/s", String.format(Locale.ROOT, "%,d batches of %,d", batches, batch));
        report.row("defer bound: App.batchDefer, batches of " + String.format(Locale.ROOT, "%,d", batch), "jdbc", "1",
                Report.number(ours) + " jobs/s", String.format(Locale.ROOT,
                        "floor / ours %.2fx (target at most 1.20x)", floor / ours));
        report.row("defer bound: pgbench INSERT ... SELECT generate_series, triggers off", "-", "1",
                untriggered == null ? "not measured" : Report.number(untriggered * batch) + " jobs/s",
                untriggered == null ? "session_replication_role needs a superuser"
                        : String.format(Locale.ROOT, "the triggers take %.0f%% of the floor's time",
                                100 * (1 - floor / (untriggered * batch))));
    }

    private static double batchDefer(Bench bench, int batch, int batches) {
        try (App app = bench.app("jdbc", 2)) {
            List<Map<String, Integer>> jobs = IntStream.range(0, batch).mapToObj(i -> Map.of("i", i)).toList();
            app.batchDefer("bench.noop", jobs); // opens the connection and prepares the statement
            app.connector().executeScript("TRUNCATE procrastinate_events, procrastinate_jobs RESTART IDENTITY "
                    + "CASCADE");
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                app.batchDefer("bench.noop", jobs);
            }
            return batches * batch / Bench.seconds(start);
        }
    }
}
