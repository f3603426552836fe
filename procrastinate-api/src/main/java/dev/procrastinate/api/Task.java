package dev.procrastinate.api;

/**
 * The code a job runs. Written as a lambda or a class and registered with a name in an app. Called on a worker
 * thread (never an event loop) with the job's context; returning normally succeeds the job, throwing fails it or
 * retries it according to the task's retry strategy. A task that runs long should check
 * {@link JobContext#shouldAbort()} or respond to interruption.
 */
@FunctionalInterface
public interface Task {

    /**
     * Runs the job. Called once per run, on a worker thread, with a non-null context that is valid during this
     * call only.
     *
     * @throws Exception to fail the run: the task's retry strategy decides whether the job runs again;
     *     {@link JobAbortedException} ends it {@code aborted}
     */
    void run(JobContext context) throws Exception;
}
