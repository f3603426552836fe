package dev.procrastinate.faults;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker process for the fault suite. Arguments: the database URL with its user
 * ({@code postgresql://user@host:port/db}), the JDBC URL and user the task records its runs with. The connector is
 * the one the system property {@code procrastinate.connector} names ({@code jdbc}, {@code pgjdbc-ng} or
 * {@code vertx}).
 *
 * <p>Its one task, {@value #TASK}, sleeps {@code sleep_ms} and records the run in {@code fault_runs}. It prints
 * {@code fault-worker started pid=…} once the app is built, and {@code worker-id N} each time the worker's
 * registration changes, so that the suite knows which worker row belongs to which process. SIGTERM stops it
 * gracefully.
 */
public final class FaultWorkerMain {

    static final String TASK = "record";
    static final String CONNECTOR_PROPERTY = "procrastinate.connector";

    /** Short enough that the suite's stalled-worker scenarios take seconds, long enough for a loaded 2-core box. */
    static final WorkerOptions OPTIONS = WorkerOptions.builder()
            .name("fault-worker")
            .concurrency(4)
            .fetchJobPollingInterval(Duration.ofMillis(200))
            .abortJobPollingInterval(Duration.ofMillis(500))
            .updateHeartbeatInterval(Duration.ofMillis(400))
            .stalledWorkerTimeout(Duration.ofSeconds(2))
            .shutdownGracefulTimeout(Duration.ofSeconds(10))
            .installSignalHandlers(true)
            .build();

    static final Duration LIFETIME = Duration.ofMinutes(10);

    private FaultWorkerMain() {
    }

    /** A worker process never outlives the test JVM that started it, nor runs longer than {@link #LIFETIME}. */
    private static void exitWithTheSuite() {
        ProcessHandle.current().parent()
                .ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        Thread limit = new Thread(() -> {
            try {
                Thread.sleep(LIFETIME.toMillis());
                System.out.println("fault-worker ran for " + LIFETIME + ": exiting");
                Runtime.getRuntime().halt(4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fault-worker-lifetime");
        limit.setDaemon(true);
        limit.start();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: FaultWorkerMain <postgresql://user@host:port/db> "
                    + "<jdbc:postgresql://host:port/db> <user>; got " + args.length + " arguments");
        }
        exitWithTheSuite();
        String connector = System.getProperty(CONNECTOR_PROPERTY, "jdbc");
        RunRecorder recorder = new RunRecorder(args[1], args[2]);
        ConnectorOptions options = ConnectorOptions.builder().url(args[0])
                .property(ConnectorOptions.CONNECTOR, connector).build();
        try (App app = App.fromOptions(options)) {
            app.task(TASK, context -> {
                Instant startedAt = Instant.now();
                Thread.sleep(((Number) context.args().getOrDefault("sleep_ms", 10)).longValue());
                recorder.record(context.job().id(), context.job().workerId(), startedAt, Instant.now());
            });
            Worker worker = app.worker(OPTIONS);
            System.out.println("fault-worker started pid=" + ProcessHandle.current().pid() + " connector="
                    + app.connector().name());
            System.out.flush();
            worker.start();
            Long announced = null;
            while (!worker.awaitTermination(Duration.ofMillis(50))) {
                Long current = worker.workerId().orElse(null);
                if (current != null && !Objects.equals(current, announced)) {
                    System.out.println("worker-id " + current);
                    System.out.flush();
                    announced = current;
                }
            }
            System.out.println("fault-worker stopped");
        }
    }
}
