package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobMiddleware;
import java.time.Duration;

/**
 * Told when a worker starts a job and how each run ended: for metrics and tracing that need the outcome a
 * {@link JobMiddleware} cannot see (whether a failure is retried). Called on the job's thread; a listener that
 * throws is logged and ignored, it never changes the job's outcome. Both methods do nothing by default.
 */
public interface JobListener {

    /** A fetched job is about to run (its task is looked up next). */
    default void jobStarted(Job job) {
    }

    /**
     * A run ended. {@code error} is what the task threw (a {@code TaskNotFoundException} when no task has the job's
     * name), or null when it succeeded.
     */
    default void jobEnded(Job job, JobOutcome outcome, Duration duration, Throwable error) {
    }

    /**
     * How a run ended. {@code LOST}: the worker found it no longer owned the job (it had been pruned after a freeze
     * or a cut-off, and the job handed to another run), stopped it and wrote no end. {@code SNOOZED}: the task threw
     * a {@code Snooze}; the job runs again later, its attempts unchanged.
     */
    enum JobOutcome { SUCCEEDED, FAILED, RETRIED, ABORTED, LOST, SNOOZED }
}
