package dev.procrastinate.bench;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.DeleteJobs;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The benchmark behind {@code bench/run.sh}: defer throughput, draining throughput per connector and concurrency,
 * idle pickup latency, worker memory, and the floor that PostgreSQL itself sets (pgbench calling only the fetch
 * and finish functions), all against one database in one run. Prints one table.
 */
public final class Bench {

    /** What {@code --sections} may select, in the order they run; all by default. */
    static final List<String> SECTIONS = List.of("defer", "floor", "drain", "peer", "delete", "pickup", "latency",
            "bigtables", "processes", "deferbound", "pgbouncer", "control", "dashboard");
    /**
     * The default table (under 5 minutes with the default flags); the sections after it take minutes each (a
     * minute of steady load, a million-job fill, JVMs started per run) and run only when named.
     */
    static final List<String> DEFAULT_SECTIONS = SECTIONS.subList(0, SECTIONS.indexOf("pickup") + 1);

    private final String url;
    private final int jobs;
    private final int latencyJobs;
    private final List<Integer> concurrencies;
    private final List<String> connectors;
    private final Set<String> sections;
    private int warmupJobs;
    private int dashboardJobs;
    private Map<String, String> options = Map.of();
    private Path jfrDirectory;
    private Path perfDirectory;
    private CpuMeter.Server server;
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

    /** What {@code --help} prints; bench/README.md says the same at more length. */
    static final String USAGE = """
            bench/run.sh [--name value ...]: one run, one Markdown table (embedded PostgreSQL unless --database-url).
              --database-url postgresql://user[:password]@host[:port]/db   another server (PostgreSQL's CPU is measured
                                        when it runs on this machine, in this PID namespace)
              --sections a,b,...        default: defer,floor,drain,peer,delete,pickup (under 5 minutes); on request:
                                        latency     defer-to-start at a steady 50% of the drain rate (--latency-seconds)
                                        bigtables   drain with a long history and a parked backlog vs the empty table
                                        processes   4 worker JVMs x 8 threads vs 1 x 32, every job checked to run once
                                        deferbound  pgbench floor of the batch defer's INSERT ... SELECT vs ours
                                        pgbouncer   drain through PgBouncer (transaction mode) vs direct, per connector
                                        dashboard   each dashboard page's server time on --dashboard-jobs jobs
                                        control     drain of a limited queue (per queue, 100 keys x 2) vs without
              --jobs N                  jobs per drain (20000)
              --concurrency 1,8,32      worker concurrencies of the drain section; the last one is used elsewhere
              --connectors jdbc,pgjdbc-ng,vertx
              --warmup-jobs N           jobs drained before measuring, per connector and by db-scheduler (20000)
              --latency-jobs N          samples of the pickup section (2000)
              --latency-seconds N       duration of the steady load of the latency section (60)
              --latency-load P          its arrival rate, in percent of the drain rate measured first (50)
              --bigtables-finished N    finished jobs of the bigtables section (1000000), with 3 events each
              --bigtables-waiting N     jobs waiting in an unwatched queue in the bigtables section (100000)
              --defer-batch N           batch size of the deferbound section (1000)
              --dashboard-jobs N        jobs of the dashboard section (1000000)
              --control-rounds N        alternating rounds of the control section, medians reported (3)
              --jfr DIR                 Flight Recorder file of each measured drain, into DIR
              --perf DIR                Linux perf recording of each measured drain (bench/perf-top.py reads it)
            JVM flags go in BENCH_JAVA_OPTS.""";

    /** Every flag {@link #USAGE} names; any other is refused with its name. */
    static final Set<String> FLAGS = Set.of("database-url", "sections", "jobs", "concurrency", "connectors",
            "warmup-jobs", "latency-jobs", "latency-seconds", "latency-load", "bigtables-finished", "bigtables-waiting",
            "defer-batch", "dashboard-jobs", "control-rounds", "jfr", "perf");

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Map<String, String> options = Args.parse(args);
        for (String flag : options.keySet()) {
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown flag --" + flag + "; bench/run.sh --help lists them");
            }
        }
        // checked before anything starts, not after the sections before the control section have run
        positive(options, "control-rounds", 3);
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
        Path jfr = options.containsKey("jfr") ? Path.of(options.get("jfr")) : null;
        Path perf = options.containsKey("perf") ? Path.of(options.get("perf")) : null;
        String url = options.get("database-url");
        if (url != null) {
            new Bench(url, jobs, latencyJobs, concurrencies, connectors, sections).warmup(warmupJobs)
                    .dashboard(dashboardJobs).profile(jfr, perf).options(options).run();
            return;
        }
        System.err.println("Starting embedded PostgreSQL...");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "200")
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD).start()) {
            new Bench("postgresql://postgres@localhost:" + postgres.getPort() + "/postgres", jobs, latencyJobs,
                    concurrencies, connectors, sections).warmup(warmupJobs).dashboard(dashboardJobs).profile(jfr, perf)
                    .options(options).run();
        }
    }

    /**
     * Jobs queued and drained (jdbc, highest concurrency) before anything is measured, as many by each other
     * connector before its first measured drain, and as many enqueued and drained by db-scheduler before it is
     * measured, so that all are compared once the JIT has compiled their paths rather than while it compiles (on 2
     * cores the compiler threads take a large share of a cold run: the "JIT" figure of each CPU/job says how much).
     */
    Bench warmup(int count) {
        this.warmupJobs = count;
        return this;
    }

    int warmupJobs() {
        return warmupJobs;
    }

    private Bench dashboard(int count) {
        this.dashboardJobs = count;
        return this;
    }

    /**
     * With a directory, each measured drain is recorded by Flight Recorder (settings "profile") into it ({@code jfr});
     * or sampled by Linux perf ({@code perf record -g -a}: every process of the machine, this JVM's threads and the
     * server's processes among them, kernel and JIT-compiled code alike, with the JIT's symbol map written by {@code
     * jcmd Compiler.perfmap} at the end of the drain).
     */
    private Bench profile(Path jfr, Path perf) {
        this.jfrDirectory = jfr;
        this.perfDirectory = perf;
        return this;
    }

    private Bench options(Map<String, String> value) {
        this.options = value;
        return this;
    }

    /** A whole-number flag, or its default; a clear error names the flag when the value is no number. */
    int intOption(String name, int defaultValue) {
        return intOption(options, name, defaultValue);
    }

    private static int intOption(Map<String, String> options, String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, got '" + value + "'", e);
        }
    }

    /** {@link #intOption} that must be at least 1; a clear error names the flag otherwise. */
    static int positive(Map<String, String> options, String name, int defaultValue) {
        int value = intOption(options, name, defaultValue);
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " takes a whole number of at least 1, got " + value);
        }
        return value;
    }

    String url() {
        return url;
    }

    /** The JDBC URL of a {@code postgresql://user:password@host:port/database} URL. */
    static String jdbcUrl(String url) {
        URI uri = URI.create(url);
        return "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath();
    }

    /** The user name of a {@code postgresql://} URL ({@code postgres} when it names none). */
    static String user(String url) {
        String userInfo = URI.create(url).getUserInfo();
        return userInfo == null ? "postgres" : userInfo.split(":")[0];
    }

    /** The password of a {@code postgresql://} URL, or null. */
    static String password(String url) {
        String userInfo = URI.create(url).getUserInfo();
        return userInfo != null && userInfo.contains(":") ? userInfo.split(":", 2)[1] : null;
    }

    /** A plain JDBC connection (pgjdbc) to the benchmark's database, for statements outside the queue's API. */
    static Connection jdbc(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user(url));
        if (password(url) != null) {
            properties.setProperty("password", password(url));
        }
        return DriverManager.getConnection(jdbcUrl(url), properties);
    }

    CpuMeter.Server server() {
        return server;
    }

    App app(String connector, int poolSize) {
        return App.create(Connectors.get(connector, ConnectorOptions.builder().url(url).maxPoolSize(poolSize)
                .build()));
    }

    private void run() throws Exception {
        try (App app = app("jdbc", 4)) {
            app.schema().applyIfMissing();
            report.machine(app.connector().query("SELECT version() AS v").get(0).getString("v"));
            server = CpuMeter.Server.locate(app.connector());
            report.server(server.description());
            System.err.println(server.description());
        }
        if (warmupJobs > 0) {
            System.err.println("Warming up with " + warmupJobs + " jobs...");
            drainOnce("jdbc", concurrencies.get(concurrencies.size() - 1), DeleteJobs.NEVER, warmupJobs, false,
                    List.of());
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
                if (warmupJobs > 0 && !connector.equals("jdbc")) {
                    System.err.println("Warming up " + connector + " with " + warmupJobs + " jobs...");
                    drainOnce(connector, concurrencies.get(concurrencies.size() - 1), DeleteJobs.NEVER, warmupJobs,
                            false, List.of());
                }
                for (int concurrency : concurrencies) {
                    drain(connector, concurrency, DeleteJobs.NEVER);
                }
            }
        }
        int peerThreads = concurrencies.get(concurrencies.size() - 1);
        if (sections.contains("peer")) {
            if (warmupJobs > 0) {
                System.err.println("Warming up db-scheduler with " + warmupJobs + " jobs...");
                DbSchedulerPeer.measure(url, server, warmupJobs, peerThreads);
            }
            DbSchedulerPeer.Result peer = DbSchedulerPeer.measure(url, server, jobs, peerThreads);
            report.peer(peerThreads, peer.enqueuePerSecond(), peer.drainPerSecond(), peer.enqueueCpu(),
                    peer.drainCpu(), jobs);
        }
        if (sections.contains("delete")) {
            drain("jdbc", peerThreads, DeleteJobs.SUCCESSFUL);
        }
        if (sections.contains("pickup")) {
            pickup();
        }
        if (sections.contains("latency")) {
            LoadLatency.run(this, report, "jdbc", peerThreads, jobs, intOption("latency-seconds", 60),
                    intOption("latency-load", 50));
        }
        if (sections.contains("bigtables")) {
            BigTables.run(this, report, "jdbc", peerThreads, jobs, intOption("bigtables-finished", 1_000_000),
                    intOption("bigtables-waiting", 100_000));
        }
        if (sections.contains("processes")) {
            Processes.run(this, report, jobs, warmupJobs);
        }
        if (sections.contains("deferbound")) {
            DeferBound.run(this, report, jobs, intOption("defer-batch", 1000));
        }
        if (sections.contains("pgbouncer")) {
            PgBouncerBench.run(this, report, connectors, peerThreads, jobs);
        }
        report.print(jobs, latencyJobs);
        if (sections.contains("control")) {
            new QueueControlBench(url, server, jobs, peerThreads, this::reset)
                    .run(positive(options, "control-rounds", 3));
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
        queue(count, "default");
    }

    /** {@link #queue(int)} into a given queue. */
    void queue(int count, String queue) {
        try (App app = app("jdbc", 2)) {
            for (int start = 0; start < count; start += 1000) {
                int size = Math.min(1000, count - start);
                app.configureTask("bench.noop").queue(queue).batchDefer(IntStream.range(start, start + size)
                        .mapToObj(i -> Map.of("i", i)).toList());
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
            CpuMeter cpu = new CpuMeter(server).start();
            start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                app.batchDefer("bench.noop", batch);
            }
            double perSecond = batches * 1000 / seconds(start);
            report.defer("batches of 1,000", perSecond, cpu.stop(), batches * 1000);
        }
    }

    private void drain(String connector, int concurrency, DeleteJobs deleteJobs)
            throws InterruptedException, IOException {
        Drain drain = drainOnce(connector, concurrency, deleteJobs, jobs, true, List.of());
        report.drain(connector, concurrency, deleteJobs, drain.perSecond(), drain.heapPeak(), drain.rssPeak(),
                drain.cpu(), jobs);
    }

    /** One drain's figures; {@code perSecond} is NaN when the jobs were not all run within 10 minutes. */
    record Drain(double perSecond, CpuMeter cpu, long heapPeak, long rssPeak) {
    }

    /** Queues {@code jobs} no-op jobs on an emptied table and drains them; an empty {@code queues} means all. */
    Drain drainOnce(String connector, int concurrency, DeleteJobs deleteJobs, int jobs, boolean measured,
            List<String> queues) throws InterruptedException, IOException {
        reset();
        queue(jobs);
        return drainQueued(connector, concurrency, deleteJobs, jobs, measured, queues);
    }

    /** Drains {@code jobs} no-op jobs already queued (by {@link #queue}), watching {@code queues} (empty: all). */
    Drain drainQueued(String connector, int concurrency, DeleteJobs deleteJobs, int jobs, boolean measured,
            List<String> queues) throws InterruptedException, IOException {
        return drainQueued(connector, ConnectorOptions.builder().url(url).maxPoolSize(concurrency + 2).build(),
                concurrency, deleteJobs, jobs, measured, queues);
    }

    /** {@link #drainQueued(String, int, DeleteJobs, int, boolean, List)} with the worker's connector made so. */
    Drain drainQueued(String connector, ConnectorOptions connectorOptions, int concurrency, DeleteJobs deleteJobs,
            int jobs, boolean measured, List<String> queues) throws InterruptedException, IOException {
        CountDownLatch done = new CountDownLatch(jobs);
        try (App app = App.create(Connectors.get(connector, connectorOptions))) {
            app.task("bench.noop", ctx -> done.countDown());
            HeapSampler heap = new HeapSampler().start();
            Recording recording = measured ? record() : null;
            String name = "drain-" + connector + "-" + concurrency + "-" + deleteJobs.name().toLowerCase(Locale.ROOT);
            Process perf = measured ? perf(name) : null;
            CpuMeter cpu = new CpuMeter(server).start();
            long start = System.nanoTime();
            Worker worker = app.worker(WorkerOptions.builder().concurrency(concurrency).installSignalHandlers(false)
                    .queues(queues).deleteJobs(deleteJobs).fetchJobPollingInterval(Duration.ofMillis(200)).build())
                    .start();
            boolean finished = done.await(10, TimeUnit.MINUTES);
            worker.close();
            double elapsed = seconds(start);
            cpu.stop();
            heap.stop();
            if (perf != null) {
                stopPerf(perf, name);
            }
            if (recording != null) {
                Path file = jfrDirectory.resolve(name + ".jfr");
                recording.dump(file);
                recording.close();
                System.err.println("Flight recording of the drain: " + file);
            }
            return new Drain(finished ? jobs / elapsed : Double.NaN, cpu, heap.peakBytes(), rssPeakBytes());
        }
    }

    private Recording record() {
        if (jfrDirectory == null) {
            return null;
        }
        try {
            Files.createDirectories(jfrDirectory);
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
            return recording;
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("--jfr: cannot record into " + jfrDirectory + ": " + e.getMessage(), e);
        }
    }

    private Process perf(String name) throws IOException {
        if (perfDirectory == null) {
            return null;
        }
        Files.createDirectories(perfDirectory);
        // System-wide: perf attached to one process (-p) misses some of the threads it starts afterwards (the
        // worker's); the benchmark's JVM and the server's processes are picked from the recording by pid or name.
        Process perf = new ProcessBuilder("perf", "record", "-F", "499", "-g", "-a", "-o",
                perfDirectory.resolve(name + ".perf.data").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            TimeUnit.MILLISECONDS.sleep(500); // perf opens its events on every CPU before it samples
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return perf;
    }

    /** Stops perf (SIGTERM: it writes its file) and writes the JIT's map of compiled methods beside it. */
    private void stopPerf(Process perf, String name) throws IOException, InterruptedException {
        perf.destroy();
        perf.waitFor(60, TimeUnit.SECONDS);
        long pid = ProcessHandle.current().pid();
        new ProcessBuilder("jcmd", Long.toString(pid), "Compiler.perfmap").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        Path map = Path.of("/tmp/perf-" + pid + ".map");
        if (Files.exists(map)) {
            Files.copy(map, perfDirectory.resolve(name + ".perf.map"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        System.err.println("perf recording of the drain: " + perfDirectory.resolve(name + ".perf.data")
                + " (this JVM: pid " + pid + ")");
    }

    private void pickup() throws InterruptedException {
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
        report.pickup(micros[micros.length / 2], micros[(int) Math.ceil(micros.length * 0.99) - 1],
                micros[micros.length - 1]);
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

    /**
     * Samples used heap every 20 ms. The MXBean is looked up once: {@code ManagementFactory.getMemoryMXBean()} searches
     * the platform's beans with streams on every call, which took 2-3% of the JVM's CPU during a drain.
     */
    static final class HeapSampler {
        private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
        private volatile boolean running = true;
        private volatile long peak;
        private final Thread thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, MEMORY.getHeapMemoryUsage().getUsed());
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
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException(args[args.length - 1] + " needs a value (flags come as --name "
                        + "value pairs; bench/run.sh --help lists them)");
            }
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
