package dev.procrastinate.examples;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.core.App;
import dev.procrastinate.core.retry.Retry;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The demo: a database (embedded PostgreSQL unless {@code PROCRASTINATE_DATABASE_URL} or the first argument names
 * one), the schema, a few tasks, jobs deferred, a worker that runs them, and a summary of what happened.
 */
public final class Demo {

    private static PrintStream out = System.out;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : System.getenv("PROCRASTINATE_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            run(url);
            return;
        }
        out.println("Starting embedded PostgreSQL (no PROCRASTINATE_DATABASE_URL given)...");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            run("postgresql://postgres@localhost:" + postgres.getPort() + "/postgres");
        }
    }

    /** Runs the demo against a database, printing to the given stream. */
    static void run(String url, PrintStream printTo) throws IOException, InterruptedException {
        out = printTo;
        run(url);
    }

    static void run(String url) throws IOException, InterruptedException {
        try (App app = App.fromUrl(url)) {
            out.println("Connector: " + app.connector().name());
            if (app.schema().applyIfMissing()) {
                out.println("Schema applied.");
            }
            registerTasks(app);
            deferJobs(app);
            runWorkerUntilIdle(app);
            printSummary(app.jobManager());
        }
    }

    static void registerTasks(App app) {
        app.task("demo.sum", ctx -> {
            int sum = ctx.arg("a", Integer.class) + ctx.arg("b", Integer.class);
            out.printf("  [%s] sum job %d: %d + %d = %d%n", ctx.workerName(), ctx.job().id(),
                    ctx.arg("a", Integer.class), ctx.arg("b", Integer.class), sum);
        });
        AtomicInteger emailAttempts = new AtomicInteger();
        app.task("demo.send_email", TaskOptions.builder().queue("emails").retry(Retry.times(2)).build(), ctx -> {
            if (emailAttempts.incrementAndGet() == 1) {
                throw new IllegalStateException("SMTP server busy (this first attempt fails on purpose)");
            }
            out.printf("  [%s] email to %s sent on attempt %d%n", ctx.workerName(), ctx.arg("to", String.class),
                    ctx.job().attempts() + 1);
        });
        app.task("demo.report", TaskOptions.builder().lock("reports").build(), ctx ->
                out.printf("  [%s] report %s built (lock 'reports': one at a time)%n", ctx.workerName(),
                        ctx.arg("name", String.class)));
        app.task("demo.always_fails", ctx -> {
            throw new IllegalArgumentException("this task always fails");
        });
    }

    static void deferJobs(App app) {
        List<Long> sums = app.batchDefer("demo.sum", IntStream.range(1, 6)
                .mapToObj(i -> Map.of("a", i, "b", i * 10)).toList());
        out.println("Deferred sum jobs " + sums + " in one statement.");
        long email = app.configureTask("demo.send_email").defer(Map.of("to", "ada@example.org"));
        out.println("Deferred email job " + email + " (retried up to 2 times).");
        for (String name : List.of("daily", "weekly")) {
            app.configureTask("demo.report").defer(Map.of("name", name));
        }
        long later = app.configureTask("demo.sum").scheduleIn(Duration.ofSeconds(2)).defer(Map.of("a", 40, "b", 2));
        out.println("Deferred sum job " + later + " scheduled 2 seconds from now.");
        app.configureTask("demo.always_fails").defer(Map.of());
        long unknown = app.configureTask("demo.no_such_task").defer(Map.of());
        out.println("Deferred job " + unknown + " for a task nobody registered: it will fail.");
    }

    static void runWorkerUntilIdle(App app) throws InterruptedException {
        WorkerOptions options = WorkerOptions.builder().name("demo-worker").concurrency(4)
                .fetchJobPollingInterval(Duration.ofMillis(500)).installSignalHandlers(false).build();
        out.println("Running a worker (concurrency 4) until every job is done:");
        Instant deadline = Instant.now().plusSeconds(60);
        try (Worker worker = app.worker(options).start()) {
            while (Instant.now().isBefore(deadline)) {
                Map<JobStatus, Long> counts = app.jobManager().countByStatus();
                if (counts.getOrDefault(JobStatus.TODO, 0L) + counts.getOrDefault(JobStatus.DOING, 0L) == 0) {
                    break;
                }
                worker.awaitTermination(Duration.ofMillis(100));
            }
            out.println("Stopping the worker.");
        }
    }

    static void printSummary(JobManager jobs) {
        out.println();
        out.println("Jobs per status: " + jobs.countByStatus().entrySet().stream()
                .map(e -> e.getKey().dbValue() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        out.println("Some jobs and their events:");
        for (Job job : jobs.listJobs(JobQuery.all().withLimit(6).newestFirst())) {
            String events = jobs.listEvents(job.id()).stream().map(JobEvent::type)
                    .map(type -> type.dbValue()).collect(Collectors.joining(" -> "));
            out.printf("  #%-3d %-20s %-10s attempts=%d  %s%n", job.id(), job.taskName(), job.status().dbValue(),
                    job.attempts(), events);
            jobs.listFailures(job.id()).forEach(failure -> out.printf("       attempt %d failed: %s: %s%n",
                    failure.attempt(), failure.exceptionClass(), failure.message()));
        }
    }
}
