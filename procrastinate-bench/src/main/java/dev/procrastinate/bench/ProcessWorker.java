package dev.procrastinate.bench;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker process of section "processes", started by {@link Processes} as a JVM of its own: {@code
 * --database-url URL --concurrency N --capacity N --queue Q --ran FILE [--warmup-queue W]}. It connects and prints
 * {@code warmed <count>}, then {@code ran <count>} once measuring, every 20 ms from then on. With a warm-up queue it
 * runs a worker on that queue and prints {@code warming}, until the line {@code warm} on its standard input stops it.
 * Then it prints {@code ready}, and on {@code go} it starts a worker (jdbc, the drain's options) on queue Q whose
 * no-op task records each job's id; on {@code stop} it stops the worker, writes the ids it ran, one per line, to the
 * file, prints {@code counts <statements> <claims> <jobs claimed> <JIT CPU nanoseconds>} for the span from
 * {@code go} to {@code stop}, then {@code done <count>}, and exits.
 */
public final class ProcessWorker {

    private ProcessWorker() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.Args.parse(args);
        int concurrency = Integer.parseInt(options.get("concurrency"));
        long[] ran = new long[Integer.parseInt(options.get("capacity"))];
        AtomicInteger count = new AtomicInteger();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CountingConnector connector = new CountingConnector(Connectors.get("jdbc", ConnectorOptions.builder()
                .url(options.get("database-url")).maxPoolSize(concurrency + 2).build()));
        try (App app = App.create(connector)) {
            AtomicBoolean measuring = new AtomicBoolean();
            app.task("bench.noop", ctx -> {
                if (measuring.get()) {
                    ran[count.getAndIncrement()] = ctx.job().id();
                } else {
                    count.incrementAndGet();
                }
            });
            app.connector().query("SELECT 1 AS one"); // connects before the clock starts
            Thread progress = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    boolean measured = measuring.get();
                    out.println((measured ? "ran " : "warmed ") + count.get());
                    try {
                        TimeUnit.MILLISECONDS.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "progress");
            progress.setDaemon(true);
            progress.start();
            if (options.containsKey("warmup-queue")) {
                try (Worker warmup = app.worker(options(concurrency, options.get("warmup-queue")))) {
                    warmup.start();
                    out.println("warming");
                    expect(in, "warm");
                }
            }
            awaitCompilerQuiet();
            count.set(0);
            measuring.set(true);
            out.println("ready");
            expect(in, "go");
            long[] before = connector.counts();
            long jitBefore = CpuMeter.jitCpuNanos();
            Worker worker = app.worker(options(concurrency, options.get("queue"))).start();
            expect(in, "stop");
            long jit = CpuMeter.jitCpuNanos() - jitBefore;
            long[] after = connector.counts();
            worker.close();
            progress.interrupt();
            progress.join();
            try (Writer file = Files.newBufferedWriter(Path.of(options.get("ran")))) {
                for (int i = 0; i < count.get(); i++) {
                    file.write(Long.toString(ran[i]));
                    file.write('\n');
                }
            }
            out.println("counts " + (after[0] - before[0]) + " " + (after[1] - before[1]) + " "
                    + (after[2] - before[2]) + " " + jit);
            out.println("done " + count.get());
        }
    }

    /**
     * Waits (up to 20 s) until the JIT compiler threads used less than 2% of a core over 250 ms: the warm-up queues
     * compilations that go on after it, and with four JVMs on two cores they would otherwise be paid in the measured
     * drain.
     */
    private static void awaitCompilerQuiet() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long before = CpuMeter.jitCpuNanos();
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(250);
            long now = CpuMeter.jitCpuNanos();
            if (now - before < TimeUnit.MILLISECONDS.toNanos(5)) {
                return;
            }
            before = now;
        }
    }

    private static WorkerOptions options(int concurrency, String queue) {
        return WorkerOptions.builder().concurrency(concurrency).installSignalHandlers(false).queues(queue)
                .fetchJobPollingInterval(Duration.ofMillis(200)).build();
    }

    private static void expect(BufferedReader in, String word) throws java.io.IOException {
        String line = in.readLine();
        if (!word.equals(line)) {
            throw new IllegalStateException("expected '" + word + "' on standard input, got '" + line + "'");
        }
    }
}
