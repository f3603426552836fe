package dev.procrastinate.faults;

import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.core.App;
import dev.procrastinate.core.periodic.PeriodicTask;
import dev.procrastinate.core.worker.WorkerOptions;
import java.time.Duration;

/**
 * A worker process for the lifecycle cases of issue 11, run as the operator runs one. Arguments: the database URL
 * ({@code postgresql://user@host:port/db}) and a mode:
 * <ul>
 *   <li>{@code one-shot}: task {@value #LOCKED} (lock {@code L}); a one-shot worker at concurrency 1, then exit;</li>
 *   <li>{@code stop}: task {@value #FIRST} prints {@code first-started} and runs for 1.5 s, task {@value #SECOND} does
 *       nothing; a worker at concurrency 1 with signal handlers, stopped by SIGTERM;</li>
 *   <li>{@code periodic}: periodic task {@value #CLASHING} every second with a queueing lock, in a queue no worker
 *       takes, so its first job keeps waiting and every later tick clashes; periodic task {@value #TICKING} every
 *       second after it, in the worker's queue.</li>
 * </ul>
 */
public final class LifecycleWorkerMain {

    static final String LOCKED = "locked";
    static final String FIRST = "first";
    static final String SECOND = "second";
    static final String CLASHING = "clashing";
    static final String TICKING = "ticking";

    private LifecycleWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: LifecycleWorkerMain <postgresql://…> one-shot|stop|periodic");
        }
        WorkerOptions.Builder options = WorkerOptions.builder().concurrency(1).installSignalHandlers(true)
                .fetchJobPollingInterval(Duration.ofMillis(200)).updateHeartbeatInterval(Duration.ofSeconds(1))
                .stalledWorkerTimeout(Duration.ofSeconds(10));
        try (App app = App.fromUrl(args[0])) {
            switch (args[1]) {
                case "one-shot" -> {
                    app.task(LOCKED, TaskOptions.builder().lock("L").build(), context -> Thread.sleep(20));
                    options.waitForJobs(false);
                }
                case "stop" -> {
                    app.task(FIRST, context -> {
                        System.out.println("first-started");
                        System.out.flush();
                        Thread.sleep(1500);
                    });
                    app.task(SECOND, context -> { });
                }
                case "periodic" -> {
                    app.task(CLASHING, TaskOptions.builder().queue("nobody-takes-it").queueingLock("only-one")
                            .build(), context -> { });
                    app.periodic(PeriodicTask.builder(CLASHING, "* * * * * *").build());
                    app.periodic("* * * * * *", TICKING, context -> { });
                    options.queues("default");
                }
                default -> throw new IllegalArgumentException("unknown mode " + args[1]);
            }
            System.out.println("lifecycle-worker started");
            System.out.flush();
            app.worker(options.build()).run();
            System.out.println("lifecycle-worker stopped");
        }
    }
}
