package dev.procrastinate.bench;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.core.App;
import dev.procrastinate.core.schema.SchemaManager;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * The cost of queue control (issue 15 item 7): the same drain (jdbc, one worker) without any control, with a limit
 * on the queue, and with every job keyed by one of 100 keys limited to 2 running each (by the claim of the latest
 * schema step, and by step 5's, the one before, to see what the latest changed), in the same run and alternating, so
 * that the ratios compare like with like on a noisy machine. The limits are set above what the worker runs at once: what is
 * measured is what the claim pays to honour them, not the throttling they impose. The first ratios are to the drain
 * of a database without schema step 3, whose claim is the plain one; the last to the drain with the steps installed
 * and nothing controlled, the same drain without limits.
 */
record QueueControlBench(String url, CpuMeter.Server server, int jobs, int concurrency, Runnable reset) {

    enum Variant {
        WITHOUT_STEP_3("without schema step 3"),
        NONE("no control"),
        QUEUE_LIMIT("queue limited to 1,000 running"),
        KEY_LIMITS("100 keys, 2 running each"),
        KEY_LIMITS_STEP_5_CLAIM("the same, step 5's claim");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    private static final String QUEUE = "bench_control";
    /**
     * Schema step 3 taken out, and the later steps with it so that the next variant's drain puts them all back: the
     * claim is the plain one.
     */
    private static final String WITHOUT_STEP_3_SQL = """
            DROP FUNCTION procrastinate4j_fetch_limited(varchar[], bigint, integer);
            DROP TABLE procrastinate4j_queue_controls;
            DELETE FROM procrastinate4j_schema_steps WHERE version >= 3""";
    private static final int KEYS = 100;

    /**
     * Runs each variant {@code rounds} times, alternating, and prints the medians and their ratios to WITHOUT_STEP_3
     * and to NONE.
     */
    void run(int rounds) throws InterruptedException {
        Map<Variant, List<double[]>> results = new EnumMap<>(Variant.class);
        AtomicBoolean checkpointRefused = new AtomicBoolean();
        for (int round = 0; round < rounds; round++) {
            for (Variant variant : Variant.values()) {
                System.err.println("Queue control: " + variant.label + ", round " + (round + 1) + "...");
                results.computeIfAbsent(variant, v -> new ArrayList<>()).add(drain(variant, checkpointRefused));
            }
        }
        double[] base = median(results.get(Variant.WITHOUT_STEP_3));
        double[] uncontrolled = median(results.get(Variant.NONE));
        System.out.println();
        System.out.printf(Locale.ROOT, "Queue control: drain of %,d jobs, jdbc, concurrency %d, median of %d "
                + "alternating rounds%n", jobs, concurrency, rounds);
        System.out.printf(Locale.ROOT, "| %-32s | %10s | %8s | %14s | %8s | %16s |%n", "variant", "jobs/s", "ratio",
                "CPU µs/job", "ratio", "ratio no control");
        for (Variant variant : Variant.values()) {
            double[] m = median(results.get(variant));
            System.out.printf(Locale.ROOT, "| %-32s | %,10.0f | %7.2f× | %14.1f | %7.2f× | %15.2f× |%n",
                    variant.label, m[0], m[0] / base[0], m[1], m[1] / base[1], m[0] / uncontrolled[0]);
        }
    }

    /**
     * A checkpoint before the drain, so that the one the defers' WAL would start does not fall inside one variant's
     * drain; a server that refuses it (it takes a superuser or the pg_checkpoint role) is said so once, and the drains
     * go on without it.
     */
    static void checkpoint(App app, AtomicBoolean refused) {
        if (refused.get()) {
            return;
        }
        try {
            app.connector().executeScript("CHECKPOINT");
        } catch (ProcrastinateException e) {
            refused.set(true);
            System.err.println("Queue control: CHECKPOINT refused (" + e.getMessage() + "); the drains run without "
                    + "one, so a checkpoint may fall inside some of them");
        }
    }

    private static double[] median(List<double[]> samples) {
        double[] throughput = samples.stream().mapToDouble(s -> s[0]).sorted().toArray();
        double[] cpu = samples.stream().mapToDouble(s -> s[1]).sorted().toArray();
        return new double[] {throughput[throughput.length / 2], cpu[cpu.length / 2]};
    }

    private static int latest() {
        return SchemaManager.EXTENSION_STEPS.get(SchemaManager.EXTENSION_STEPS.size() - 1).version();
    }

    private static SchemaManager.ExtensionStep claimStep(int version) {
        return SchemaManager.EXTENSION_STEPS.stream().filter(step -> step.version() == version).findFirst()
                .orElseThrow();
    }

    /** Jobs per second, and CPU microseconds per job (this JVM and the server; the JVM's alone if unknown). */
    private double[] drain(Variant variant, AtomicBoolean checkpointRefused) throws InterruptedException {
        reset.run();
        CountDownLatch done = new CountDownLatch(jobs);
        try (App app = App.create(Connectors.get("jdbc", ConnectorOptions.builder().url(url)
                .maxPoolSize(concurrency + 2).build()))) {
            app.task("bench.noop", ctx -> done.countDown());
            app.schema().applyExtensions();
            // the claim of the latest step, or step 5's (its script replaces the function of later steps)
            app.connector().executeScript(claimStep(variant == Variant.KEY_LIMITS_STEP_5_CLAIM ? 5 : latest()).sql());
            app.connector().executeScript("DELETE FROM procrastinate4j_queue_controls; "
                    + "DELETE FROM procrastinate4j_key_rounds; DELETE FROM procrastinate4j_queue_starts");
            switch (variant) {
                case WITHOUT_STEP_3 -> app.connector().executeScript(WITHOUT_STEP_3_SQL);
                case NONE -> { }
                case QUEUE_LIMIT -> app.jobManager().setQueueLimits(QUEUE, QueueLimits.maxRunning(1000));
                case KEY_LIMITS, KEY_LIMITS_STEP_5_CLAIM ->
                        app.jobManager().setQueueLimits(QUEUE, QueueLimits.NONE.withMaxRunningPerKey(2));
            }
            for (int start = 0; start < jobs; start += 1000) {
                List<JobToDefer> batch = IntStream.range(start, Math.min(jobs, start + 1000))
                        .mapToObj(i -> app.configureTask("bench.noop").queue(QUEUE).toJob(Map.of("i", i))
                                .withConcurrencyKey(variant == Variant.KEY_LIMITS
                                        || variant == Variant.KEY_LIMITS_STEP_5_CLAIM ? "customer-" + i % KEYS : null))
                        .toList();
                app.jobManager().batchDefer(batch);
            }
            app.connector().executeScript("ANALYZE procrastinate_jobs; ANALYZE procrastinate_events; "
                    + "ANALYZE procrastinate4j_job_keys");
            checkpoint(app, checkpointRefused);
            CpuMeter cpu = new CpuMeter(server).start();
            long start = System.nanoTime();
            Worker worker = app.worker(WorkerOptions.builder().concurrency(concurrency).installSignalHandlers(false)
                    .queues(QUEUE).fetchJobPollingInterval(Duration.ofMillis(200)).build()).start();
            boolean finished = done.await(10, TimeUnit.MINUTES);
            double elapsed = Bench.seconds(start);
            worker.close();
            cpu.stop();
            if (!finished) {
                throw new IllegalStateException(variant.label + ": the drain did not finish within 10 minutes");
            }
            long cpuNanos = cpu.javaNanos() + Math.max(0, cpu.postgresNanos());
            return new double[] {jobs / elapsed, cpuNanos / 1e3 / jobs};
        }
    }
}
