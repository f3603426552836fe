package dev.procrastinate.spring;

import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worker of {@code procrastinate.worker.enabled=true}: started once the context is refreshed (every task
 * registered), stopped gracefully when the context closes, before the DataSource goes away. A stop lets running jobs
 * finish ({@code shutdown-graceful-timeout}, then they are aborted); the context's
 * {@code spring.lifecycle.timeout-per-shutdown-phase} should be longer than that timeout.
 */
public final class ProcrastinateWorkerLifecycle implements SmartLifecycle {

    /** Stops after the web server has stopped taking requests, before the DataSource closes. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final Logger LOG = LoggerFactory.getLogger(ProcrastinateWorkerLifecycle.class);

    private final App app;
    private final WorkerOptions options;
    private volatile Worker worker;

    public ProcrastinateWorkerLifecycle(App app, WorkerOptions options) {
        this.app = app;
        this.options = options;
    }

    /** The running worker, once started. */
    public Optional<Worker> worker() {
        return Optional.ofNullable(worker);
    }

    public WorkerOptions options() {
        return options;
    }

    @Override
    public synchronized void start() {
        if (worker == null || worker.state() == Worker.State.STOPPED) {
            worker = app.worker(options).start();
        }
    }

    @Override
    public void stop(Runnable callback) {
        Worker current = worker;
        if (current == null) {
            callback.run();
            return;
        }
        current.stop();
        Thread waiter = new Thread(() -> {
            try {
                while (!current.awaitTermination(Duration.ofSeconds(30))) {
                    LOG.info("worker '{}' still finishing jobs {}", options.name(), current.runningJobIds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                callback.run();
            }
        }, "procrastinate-" + options.name() + "-stop");
        waiter.setDaemon(true);
        waiter.start();
    }

    @Override
    public void stop() {
        Worker current = worker;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean isRunning() {
        Worker current = worker;
        return current != null && current.state() != Worker.State.STOPPED;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
