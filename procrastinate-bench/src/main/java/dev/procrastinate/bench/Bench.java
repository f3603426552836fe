package dev.procrastinate.bench;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.DeleteJobs;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The benchmark behind {@code bench/run.sh}: defer throughput, draining throughput per connector and concurrency,
 * idle pickup latency, worker memory, and the floor that PostgreSQL itself sets (pgbench calling only the fetch
 * and finish functions), all against one database in one run. Prints one table.
 */
public final class Bench {

    /** What {@code --sections} may select, in the order they run; all by default. */
    static final List<String> SECTIONS = List.of("defer", "floor", "drain", "peer", "delete", "latency", "control",
            "dashboard");
    /** Every section but the dashboard's, whose million-job fill takes minutes: it runs only when named. */
    static final List<String> DEFAULT_SECTIONS = SECTIONS.subList(0, SECTIONS.size() - 1);

    private final String url;
    private final int jobs;
    private final int latencyJobs;
    private final List<Integer> concurrencies;
    private final List<String> connectors;
    private final Set<String> sections;
    private int warmupJobs;
    private int dashboardJobs;
    private final Report report = new Report();

    private Bench(String url, int jobs, int latencyJobs, List<Integer> concurrencies, List<String> connectors,
            Set<String> sections) {
        this.url = url;
        this.jobs = jobs;
        this.latencyJobs = latencyJobs;
        this.concurrencies = concurrencies;
        this.connectors = connectors;
        this.sections = sections;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(args);
        int jobs = Integer.parseInt(options.getOrDefault("jobs", "20000"));
        int latencyJobs = Integer.parseInt(options.getOrDefault("latency-jobs", "2000"));
        List<Integer> concurrencies = Arrays.stream(options.getOrDefault("concurrency", "1,8,32").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        List<String> connectors = List.of(options.getOrDefault("connectors", "jdbc,pgjdbc-ng,vertx").split(","));
        Set<String> sections = Set.of(options.getOrDefault("sections", String.join(",", DEFAULT_SECTIONS)).split(","));
        if (!SECTIONS.containsAll(sections)) {
            throw new IllegalArgumentException("--sections takes a comma-separated subset of " + SECTIONS);
        }
        int warmupJobs = Integer.parseInt(options.getOrDefault("warmup-jobs", "20000"));
        int dashboardJobs = Integer.parseInt(options.getOrDefault("dashboard-jobs", "1000000"));
        String url = options.get("database-url");
        if (url != null) {
            new Bench(url, jobs, latencyJobs, concurrencies, connectors, sections).warmup(warmupJobs)
                    .dashboard(dashboardJobs).run();
            return;
        }
        System.err.println("Starting embedded PostgreSQL...");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "200")
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD).start()) {
            new Bench("postgresql://postgres@localhost:" + postgres.getPort() + "/postgres", jobs, latencyJobs,
                    concurrencies, connectors, sections).warmup(warmupJobs).dashboard(dashboardJobs).run();
        }
    }

    /**
     * Jobs queued and drained (jdbc, highest concurrency) before anything is measured, and as many enqueued and
     * drained by db-scheduler before it is measured, so that both are compared once the JIT has compiled their
     * paths rather than while it compiles (on 2 cores the compiler threads take a large share of a cold run).
     */
    private Bench warmup(int count) {
        this.warmupJobs = count;
        return this;
    }

    private Bench dashboard(int count) {
        this.dashboardJobs = count;
        return this;
    }

    private App app(String connector, int poolSize) {
        return App.create(Connectors.get(connector, ConnectorOptions.builder().url(url).maxPoolSize(poolSize)
                .build()));
    }

    private void run() throws Exception {
        try (App app = app("jdbc", 4)) {
            app.schema().applyIfMissing();
            report.machine(app.connector().query("SELECT version() AS v").get(0).getString("v"));
        }
        if (warmupJobs > 0) {
            System.err.println("Warming up with " + warmupJobs + " jobs...");
            drainOnce("jdbc", concurrencies.get(concurrencies.size() - 1), DeleteJobs.NEVER, warmupJobs, false);
        }
        if (sections.contains("defer")) {
            deferThroughput();
        }
        if (sections.contains("floor")) {
            for (int concurrency : concurrencies) {
                Double floor = Floor.measure(url, this::reset, this::queue, jobs, concurrency);
                report.floor(concurrency, floor);
            }
        }
        if (sections.contains("drain")) {
            for (String connector : connectors) {
                for (int concurrency : concurrencies) {
                    drain(connector, concurrency, DeleteJobs.NEVER);
                }
            }
        }
        int peerThreads = concurrencies.get(concurrencies.size() - 1);
        if (sections.contains("peer")) {
            if (warmupJobs > 0) {
                System.err.println("Warming up db-scheduler with " + warmupJobs + " jobs...");
                DbSchedulerPeer.measure(url, port(), warmupJobs, peerThreads);
            }
            DbSchedulerPeer.Result peer = DbSchedulerPeer.measure(url, port(), jobs, peerThreads);
            report.peer(peerThreads, peer.enqueuePerSecond(), peer.drainPerSecond(), peer.enqueueCpu(),
                    peer.drainCpu(), jobs);
        }
        if (sections.contains("delete")) {
            drain("jdbc", peerThreads, DeleteJobs.SUCCESSFUL);
        }
        if (sections.contains("latency")) {
            latency();
        }
        report.print(jobs, latencyJobs);
        if (sections.contains("control")) {
            new QueueControlBench(url, port(), jobs, peerThreads, this::reset).run(3);
        }
        if (sections.contains("dashboard")) {
            DashboardBench.run(url, dashboardJobs);
        }
    }

    void reset() {
        try (App app = app("jdbc", 2)) {
            app.connector().executeScript("TRUNCATE procrastinate_events, procrastinate_periodic_defers, "
                    + "procrastinate_jobs, procrastinate_workers RESTART IDENTITY CASCADE");
        }
    }

    /**
     * Queues jobs, then ANALYZEs, as autovacuum would on a live system: statistics taken on the just-truncated,
     * empty tables would make the foreign-key checks of the triggers plan sequential scans and slow every write.
     */
    void queue(int count) {
        try (App app = app("jdbc", 2)) {
            for (int start = 0; start < count; start += 1000) {
                int size = Math.min(1000, count - start);
                app.batchDefer("bench.noop", IntStream.range(start, start + size).mapToObj(i -> Map.of("i", i))
                        .toList());
            }
            app.connector().executeScript("ANALYZE procrastinate_jobs; ANALYZE procrastinate_events");
        }
    }

    private void deferThroughput() {
        reset();
        int single = Math.min(jobs, 5000);
        try (App app = app("jdbc", 4)) {
            long start = System.nanoTime();
            for (int i = 0; i < single; i++) {
                app.configureTask("bench.noop").defer(Map.of("i", i));
            }
            report.defer("one job per call", single / seconds(start), null, single);
            List<Map<String, Integer>> batch = IntStream.range(0, 1000).mapToObj(i -> Map.of("i", i)).toList();
            int batches = Math.max(1, jobs / 1000);
            CpuMeter cpu = new CpuMeter(port()).start();
            start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                app.batchDefer("bench.noop", batch);
            }
            double perSecond = batches * 1000 / seconds(start);
            report.defer("batches of 1,000", perSecond, cpu.stop(), batches * 1000);
        }
    }

    private void drain(String connector, int concurrency, DeleteJobs deleteJobs) throws InterruptedException {
        drainOnce(connector, concurrency, deleteJobs, jobs, true);
    }

    private void drainOnce(String connector, int concurrency, DeleteJobs deleteJobs, int jobs, boolean measured)
            throws InterruptedException {
        reset();
        queue(jobs);
        CountDownLatch done = new CountDownLatch(jobs);
        try (App app = app(connector, concurrency + 2)) {
            app.task("bench.noop", ctx -> done.countDown());
            HeapSampler heap = new HeapSampler().start();
            CpuMeter cpu = new CpuMeter(port()).start();
            long start = System.nanoTime();
            Worker worker = app.worker(WorkerOptions.builder().concurrency(concurrency).installSignalHandlers(false)
                    .deleteJobs(deleteJobs).fetchJobPollingInterval(Duration.ofMillis(200)).build()).start();
            boolean finished = done.await(10, TimeUnit.MINUTES);
            worker.close();
            double elapsed = seconds(start);
            cpu.stop();
            heap.stop();
            if (measured) {
                report.drain(connector, concurrency, deleteJobs, finished ? jobs / elapsed : Double.NaN,
                        heap.peakBytes(), rssPeakBytes(), cpu, jobs);
            }
        }
    }

    private void latency() throws InterruptedException {
        reset();
        Semaphore started = new Semaphore(0);
        AtomicLong startedAt = new AtomicLong();
        long[] micros = new long[latencyJobs];
        try (App app = app("jdbc", 6)) {
            app.task("bench.ping", ctx -> {
                startedAt.set(System.nanoTime());
                started.release();
            });
            try (Worker worker = app.worker(WorkerOptions.builder().concurrency(4).installSignalHandlers(false)
                    .build()).start()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!worker.isListening() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                for (int i = 0; i < latencyJobs; i++) {
                    long deferredAt = System.nanoTime();
                    app.configureTask("bench.ping").defer(Map.of("i", i));
                    if (!started.tryAcquire(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("job " + i + " did not start within 30 s");
                    }
                    micros[i] = (startedAt.get() - deferredAt) / 1_000;
                }
            }
        }
        Arrays.sort(micros);
        report.latency(micros[micros.length / 2], micros[(int) Math.ceil(micros.length * 0.99) - 1],
                micros[micros.length - 1]);
    }

    private int port() {
        int port = java.net.URI.create(url).getPort();
        return port < 0 ? 5432 : port;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static long rssPeakBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Samples used heap every 20 ms. */
    static final class HeapSampler {
        private volatile boolean running = true;
        private volatile long peak;
        private final Thread thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");

        HeapSampler start() {
            System.gc();
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peakBytes() {
            return peak;
        }
    }

    /** {@code --name value} pairs. */
    static final class Args {
        private Args() {
        }

        static Map<String, String> parse(String[] args) {
            Map<String, String> options = new java.util.HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
                }
                options.put(args[i].substring(2).toLowerCase(Locale.ROOT), args[i + 1]);
            }
            return options;
        }
    }
}
