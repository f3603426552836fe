package dev.procrastinate.core.worker;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.core.App;
import java.time.Duration;

/**
 * A worker process for {@link SignalIntegrationTests}: runs with signal handlers until SIGTERM; its one task writes
 * "started", sleeps a little past the signal, then ends normally.
 */
public final class SignalWorkerMain {

    private SignalWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (App app = App.create(JdbcConnector.create(ConnectorOptions.builder().url(args[0]).user(args[1])
                .build()))) {
            app.task("slow", ctx -> {
                System.out.println("started " + ctx.job().id());
                System.out.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(deadline - System.nanoTime());
                }
                System.out.println("finished " + ctx.job().id());
            });
            app.runWorker(WorkerOptions.builder().installSignalHandlers(true).build());
            System.out.println("worker stopped");
        }
    }
}
