package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the worker's {@link JobListener}s, in order; a listener that throws is logged and skipped. */
final class JobListeners {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final List<JobListener> listeners;

    JobListeners(List<JobListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void started(Job job) {
        tell(listener -> listener.jobStarted(job));
    }

    /** The run that began at {@code startNanos} ({@link System#nanoTime()}) ended. */
    void ended(Job job, JobListener.JobOutcome outcome, long startNanos, Throwable error) {
        if (listeners.isEmpty()) {
            return;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        tell(listener -> listener.jobEnded(job, outcome, duration, error));
    }

    private void tell(Consumer<JobListener> call) {
        for (JobListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("job listener {} failed", listener, e);
            }
        }
    }
}
