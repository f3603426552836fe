package dev.procrastinate.bench;

import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.DeleteJobs;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Section "latency": latency under load. The drain rate of the jdbc worker at the highest concurrency is measured
 * first, in the same run; then producers defer single jobs at a steady half of that rate ({@code --latency-load},
 * 50 percent by default), for {@code --latency-seconds} (60 by default), to a worker with default options
 * (LISTEN/NOTIFY on) and that concurrency, and each job's defer-to-start time is taken.
 *
 * <p>Both ends are read from {@link System#nanoTime()} in this JVM: the producer reads it just before it calls
 * {@code defer}, the task as its first action. One monotonic clock with nanosecond resolution, and the span is what a
 * user waits: the defer's round trip and commit, the NOTIFY, the claim, and the hand-over to a task thread. The
 * events' timestamps in the database would miss part of it and be skewed: {@code now()} is the start of each
 * transaction (the "deferred" event is stamped before the insert commits, the "started" one before the claim
 * returns, and neither sees the hand-over to the task thread), and it has microsecond resolution only.
 *
 * <p>The arrivals are open-loop: job {@code k} is due at {@code k / rate} seconds whatever happened to the jobs before
 * it (a producer that falls behind defers at once, and its lag is reported), so a slow worker shows as latency rather
 * than as a slower arrival rate. Sixteen producer threads share the schedule, each with its own connection, so that
 * one defer's round trip does not hold up the next arrival.
 */
final class LoadLatency {

    private static final int PRODUCERS = 16;

    private LoadLatency() {
    }

    static void run(Bench bench, Report report, String connector, int concurrency, int drainJobs, int seconds,
            int loadPercent) throws Exception {
        if (loadPercent < 1 || loadPercent > 100 || seconds < 1) {
            throw new IllegalArgumentException("--latency-load takes a percentage from 1 to 100 and --latency-seconds "
                    + "a positive number of seconds");
        }
        System.err.println("Latency under load: measuring the drain rate first...");
        Bench.Drain drain = bench.drainOnce(connector, concurrency, DeleteJobs.NEVER, drainJobs, false, List.of());
        if (Double.isNaN(drain.perSecond())) {
            throw new IllegalStateException("latency: the drain that sets the arrival rate did not finish");
        }
        double rate = drain.perSecond() * loadPercent / 100;
        int total = (int) Math.ceil(rate * seconds);
        System.err.printf(Locale.ROOT, "Latency under load: %,.0f jobs/s drained, deferring %,.0f jobs/s for %d s%n",
                drain.perSecond(), rate, seconds);
        bench.reset();
        long[] deferredAt = new long[total];
        long[] startedAt = new long[total];
        long[] returnedAt = new long[total];
        CountDownLatch started = new CountDownLatch(total);
        AtomicLong maxLagNanos = new AtomicLong();
        double elapsed;
        CpuMeter cpu = new CpuMeter(bench.server());
        try (App workerApp = bench.app(connector, concurrency + 2); App producerApp = bench.app("jdbc", PRODUCERS)) {
            workerApp.task("bench.ping", ctx -> {
                long now = System.nanoTime();
                int i = ((Number) ctx.args().get("i")).intValue();
                if (i >= 0) { // -1: the job that opened the producers' connections
                    startedAt[i] = now;
                    started.countDown();
                }
            });
            try (Worker worker = workerApp.worker(WorkerOptions.builder().concurrency(concurrency)
                    .installSignalHandlers(false).build()).start()) {
                long listening = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!worker.isListening() && System.nanoTime() < listening) {
                    Thread.onSpinWait();
                }
                for (int p = 0; p < PRODUCERS; p++) { // opens the producers' connections before the clock starts
                    producerApp.configureTask("bench.ping").defer(Map.of("i", -1));
                }
                cpu.start();
                long origin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                double intervalNanos = 1e9 / rate;
                List<Thread> producers = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    int first = p;
                    Thread producer = new Thread(() -> {
                        for (int k = first; k < total; k += PRODUCERS) {
                            long due = origin + (long) (k * intervalNanos);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            long now = System.nanoTime();
                            maxLagNanos.accumulateAndGet(now - due, Math::max);
                            deferredAt[k] = now;
                            producerApp.configureTask("bench.ping").defer(Map.of("i", k));
                            returnedAt[k] = System.nanoTime();
                        }
                    }, "producer-" + p);
                    producer.start();
                    producers.add(producer);
                }
                for (Thread producer : producers) {
                    producer.join();
                }
                if (!started.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("latency: " + started.getCount() + " of " + total
                            + " jobs had not started 2 minutes after the last defer");
                }
                elapsed = (System.nanoTime() - origin) / 1e9;
                cpu.stop();
            }
        }
        long[] micros = new long[total];
        long[] afterReturn = new long[total];
        long[] deferCall = new long[total];
        for (int i = 0; i < total; i++) {
            micros[i] = (startedAt[i] - deferredAt[i]) / 1_000;
            afterReturn[i] = (startedAt[i] - returnedAt[i]) / 1_000;
            deferCall[i] = (returnedAt[i] - deferredAt[i]) / 1_000;
        }
        Arrays.sort(micros);
        Arrays.sort(afterReturn);
        Arrays.sort(deferCall);
        report.row("latency under load: defer-to-start, " + seconds + " s at " + loadPercent + "% of the drain rate",
                connector,
                Integer.toString(concurrency), String.format(Locale.ROOT,
                        "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", percentile(micros, 0.50) / 1e3,
                        percentile(micros, 0.95) / 1e3, percentile(micros, 0.99) / 1e3, micros[total - 1] / 1e3),
                String.format(Locale.ROOT, "%,d jobs, drain rate %s jobs/s, target %s jobs/s, achieved %s jobs/s, "
                        + "producers' worst lag %.1f ms; the defer call itself p50 %.1f ms, p99 %.1f ms; from its "
                        + "return to the start p50 %.1f ms, p99 %.1f ms; producers and worker together: %s", total,
                        Report.number(drain.perSecond()), Report.number(rate), Report.number(total / elapsed),
                        maxLagNanos.get() / 1e6, percentile(deferCall, 0.5) / 1e3, percentile(deferCall, 0.99) / 1e3,
                        percentile(afterReturn, 0.5) / 1e3, percentile(afterReturn, 0.99) / 1e3,
                        Report.cpu(cpu, total)));
    }

    /** The value at or below which a share {@code q} of the sorted values lie (nearest rank). */
    static long percentile(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)];
    }
}
