package dev.procrastinate.bench;

import dev.procrastinate.api.Row;
import dev.procrastinate.core.App;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Section "processes": the same number of jobs drained by 1 worker process of 32 threads, then by 4 processes of 8,
 * each a JVM of its own ({@link ProcessWorker}, started with this JVM's java, -X flags and class path), jdbc
 * connector. The clock runs from the moment every process, connected and ready, is told to go, to the moment their
 * task runs add up to the job count (each process prints its count every 20 ms). Every job must have run exactly
 * once: each process writes the ids its task ran, and these must be the queued ids, each once; and in the table every
 * job must be {@code succeeded} with {@code attempts = 1}. Before the clock starts, the processes together drain {@code
 * --warmup-jobs} jobs of a queue of their own, so that their JIT has compiled the worker's paths, as in a long-running
 * deployment (0: cold JVMs; four processes then pay four compilations on the shared cores).
 */
final class Processes {

    static final String WARMUP_QUEUE = "bench_warmup";

    private Processes() {
    }

    /** {@code counts}: statements, claims, jobs claimed and JIT CPU nanoseconds, summed over the processes. */
    record Run(double perSecond, long javaNanos, long postgresNanos, long[] counts, String statements, String check) {
    }

    static void run(Bench bench, Report report, int jobs, int warmupJobs) throws Exception {
        Run one = drain(bench, jobs, warmupJobs, 1, 32);
        Run four = drain(bench, jobs, warmupJobs, 4, 8);
        for (Run run : List.of(one, four)) {
            boolean isOne = run == one;
            report.row("processes: drain no-op jobs, " + (isOne ? "1 process x 32 threads" : "4 processes x 8 "
                    + "threads"), "jdbc", isOne ? "1x32" : "4x8", Report.number(run.perSecond()) + " jobs/s",
                    (isOne ? "" : String.format(Locale.ROOT, "%.2fx 1 process x 32 (target at least 0.90x); ",
                            four.perSecond() / one.perSecond()))
                            + String.format(Locale.ROOT, "CPU/job: Java (all processes) %.0f µs (JIT %.0f), "
                                    + "PostgreSQL %s; %.2f statements per job, %,d claims of %.1f jobs on average; ",
                                    run.javaNanos() / 1e3 / jobs, run.counts()[3] / 1e3 / jobs,
                                    run.postgresNanos() < 0 ? "not measured"
                                            : String.format(Locale.ROOT, "%.0f µs", run.postgresNanos() / 1e3 / jobs),
                                    (double) run.counts()[0] / jobs, run.counts()[1],
                                    (double) run.counts()[2] / Math.max(1, run.counts()[1]))
                            + run.statements()
                            + run.check());
        }
    }

    private static Run drain(Bench bench, int jobs, int warmupJobs, int processes, int threads) throws Exception {
        System.err.printf(Locale.ROOT, "Processes: %d x %d threads, %,d jobs...%n", processes, threads, jobs);
        bench.reset();
        bench.queue(jobs, "default");
        for (int p = 0; p < processes && warmupJobs > 0; p++) {
            bench.queue(warmupJobs, WARMUP_QUEUE + p);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> children = new ArrayList<>();
        List<Path> ranFiles = new ArrayList<>();
        List<AtomicLong> counts = new ArrayList<>();
        List<AtomicLong> warmed = new ArrayList<>();
        List<long[]> childrenCounts = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(processes);
        Path logs = Files.createTempFile("procrastinate-bench-processes", ".log");
        try {
            for (int p = 0; p < processes; p++) {
                Path ran = Files.createTempFile("procrastinate-bench-ran", ".txt");
                ranFiles.add(ran);
                List<String> command = new ArrayList<>(List.of(java));
                command.addAll(jvmFlags());
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), ProcessWorker.class.getName(),
                        "--database-url", bench.url(), "--concurrency", Integer.toString(threads), "--capacity",
                        Integer.toString(jobs), "--queue", "default", "--ran", ran.toString()));
                if (warmupJobs > 0) {
                    command.addAll(List.of("--warmup-queue", WARMUP_QUEUE + p));
                }
                Process child = new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.appendTo(logs.toFile())).start();
                children.add(child);
                AtomicLong count = new AtomicLong();
                counts.add(count);
                AtomicLong warm = new AtomicLong();
                warmed.add(warm);
                long[] childCounts = new long[4];
                childrenCounts.add(childCounts);
                Thread reader = new Thread(() -> read(child, ready, count, warm, childCounts), "process-" + p);
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            if (warmupJobs > 0) {
                awaitSum(warmed, (long) warmupJobs * processes, "warm-up", logs);
                tell(children, "warm");
            }
            if (!ready.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("processes: the worker processes were not ready within 2 minutes: "
                        + Files.readString(logs));
            }
            boolean statementStats = statementStats(bench, null);
            long javaStart = childrenCpu(children);
            CpuMeter postgres = new CpuMeter(bench.server()).start();
            long start = System.nanoTime();
            tell(children, "go");
            boolean finished = awaitSum(counts, jobs, null, logs);
            double elapsed = Bench.seconds(start);
            long javaNanos = childrenCpu(children) - javaStart;
            postgres.stop();
            tell(children, "stop");
            for (Process child : children) {
                if (!child.waitFor(2, TimeUnit.MINUTES) || child.exitValue() != 0) {
                    throw new IllegalStateException("processes: a worker process did not stop cleanly: "
                            + Files.readString(logs));
                }
            }
            for (Thread reader : readers) {
                reader.join(TimeUnit.SECONDS.toMillis(10)); // the output's end: every line is read
            }
            long[] sums = new long[4];
            for (long[] child : childrenCounts) {
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += child[i];
                }
            }
            StringBuilder statements = new StringBuilder();
            if (statementStats) {
                statementStats(bench, statements);
            }
            return new Run(finished ? jobs / elapsed : Double.NaN, javaNanos, postgres.postgresNanos(), sums,
                    statements.toString(), check(bench, jobs, ranFiles));
        } finally {
            children.forEach(Process::destroyForcibly);
            for (Path file : ranFiles) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(logs);
        }
    }

    /**
     * With {@code pg_stat_statements} in the database: without {@code out}, resets it and says whether it is there;
     * with {@code out}, appends the server's execution and planning time per job of the claims and of the other
     * statements on the jobs table since the reset.
     */
    private static boolean statementStats(Bench bench, StringBuilder out) {
        try (App app = bench.app("jdbc", 1)) {
            if (!app.connector().query("SELECT to_regclass('pg_stat_statements') IS NOT NULL AS present").get(0)
                    .getBoolean("present")) {
                return false;
            }
            if (out == null) {
                app.connector().query("SELECT pg_stat_statements_reset()::text AS reset");
                return true;
            }
            for (Row row : app.connector().query("SELECT CASE WHEN query LIKE '%candidate AS MATERIALIZED%' THEN "
                    + "'claims' ELSE 'other statements on procrastinate_jobs' END AS kind, sum(calls)::bigint AS calls, "
                    + "(sum(total_exec_time) * 1000)::bigint AS exec_us, (sum(total_plan_time) * 1000)::bigint AS plan_us "
                    + "FROM pg_stat_statements WHERE query LIKE '%procrastinate_jobs%' GROUP BY 1 ORDER BY 1")) {
                out.append(String.format(Locale.ROOT, "server time of the %s (pg_stat_statements): %,d calls, "
                        + "execution %.0f µs per call, planning %.0f µs per call; ", row.getString("kind"),
                        row.getLong("calls"), (double) row.getLong("exec_us") / row.getLong("calls"),
                        (double) row.getLong("plan_us") / row.getLong("calls")));
            }
            return true;
        }
    }

    /** This JVM's -X and -XX flags (BENCH_JAVA_OPTS), which the worker processes get too. */
    private static List<String> jvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("-X") && !flag.startsWith("-XX:StartFlightRecording"))
                .toList();
    }

    /** Waits up to 10 minutes for the counts to add up to {@code total}; without a name, false if they do not. */
    private static boolean awaitSum(List<AtomicLong> counts, long total, String name, Path logs)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (counts.stream().mapToLong(AtomicLong::get).sum() < total) {
            if (System.nanoTime() > deadline) {
                if (name == null) {
                    return false;
                }
                throw new IllegalStateException("processes: the " + name + " jobs were not all run within 10 "
                        + "minutes: " + Files.readString(logs));
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
        return true;
    }

    private static void read(Process child, CountDownLatch ready, AtomicLong count, AtomicLong warm, long[] counts) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals("ready")) {
                    ready.countDown();
                } else if (line.startsWith("ran ")) {
                    count.set(Long.parseLong(line.substring(4)));
                } else if (line.startsWith("warmed ")) {
                    warm.set(Long.parseLong(line.substring(7)));
                } else if (line.startsWith("counts ")) {
                    String[] values = line.substring(7).split(" ");
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = Long.parseLong(values[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended; its exit status is checked
        }
    }

    private static void tell(List<Process> children, String word) throws IOException {
        for (Process child : children) {
            OutputStream in = child.getOutputStream();
            in.write((word + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
    }

    /** CPU time of the processes so far, in nanoseconds. */
    private static long childrenCpu(List<Process> children) {
        return children.stream().mapToLong(child -> child.info().totalCpuDuration().orElse(Duration.ZERO).toNanos())
                .sum();
    }

    /** "every job ran once: ..." or "CHECK FAILED: ..." with what is wrong. */
    private static String check(Bench bench, int jobs, List<Path> ranFiles) throws IOException {
        Map<Long, Integer> runs = new HashMap<>();
        long records = 0;
        for (Path file : ranFiles) {
            for (String line : Files.readAllLines(file)) {
                runs.merge(Long.parseLong(line), 1, Integer::sum);
                records++;
            }
        }
        List<String> problems = new ArrayList<>();
        try (App app = bench.app("jdbc", 1)) {
            List<Row> ids = app.connector().query("SELECT id FROM procrastinate_jobs WHERE queue_name = 'default'");
            long missing = ids.stream().filter(row -> !runs.containsKey(row.getLong("id"))).count();
            if (missing > 0) {
                problems.add(missing + " queued jobs never ran");
            }
            if (ids.size() != runs.size()) {
                problems.add(runs.size() + " distinct ids ran for " + ids.size() + " jobs in the table");
            }
            long twice = runs.values().stream().filter(n -> n > 1).count();
            if (twice > 0) {
                problems.add(twice + " jobs ran more than once");
            }
            List<Row> statuses = app.connector().query("SELECT status::text AS status, count(*) AS n, "
                    + "min(attempts) AS min_attempts, max(attempts) AS max_attempts FROM procrastinate_jobs "
                    + "WHERE queue_name = 'default' GROUP BY status");
            String byStatus = statuses.stream().map(row -> row.getString("status") + " " + row.getLong("n")
                    + " (attempts " + row.getInteger("min_attempts") + "-" + row.getInteger("max_attempts") + ")")
                    .collect(Collectors.joining(", "));
            boolean allSucceededOnce = statuses.size() == 1 && "succeeded".equals(statuses.get(0).getString("status"))
                    && statuses.get(0).getLong("n") == jobs && statuses.get(0).getInteger("max_attempts") == 1
                    && statuses.get(0).getInteger("min_attempts") == 1;
            if (!allSucceededOnce) {
                problems.add("table: " + byStatus);
            }
            return problems.isEmpty()
                    ? String.format(Locale.ROOT, "every job ran once: %,d run records of %,d distinct jobs, table: %s",
                            records, runs.size(), byStatus)
                    : "CHECK FAILED: " + String.join("; ", problems);
        }
    }
}
