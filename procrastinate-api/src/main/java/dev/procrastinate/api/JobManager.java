package dev.procrastinate.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The users' operations on the queue: defer, cancel, retry, read jobs and their events, count, delete old jobs.
 * What only workers do (claim, end, heartbeat) is the {@link WorkerStore}. The SQL implementation calls the
 * {@code procrastinate_*} functions of the schema; the in-memory one (procrastinate-testing) follows the same rules.
 *
 * <p>Threading: implementations are thread-safe; every method blocks the calling thread until the database answered,
 * except the {@code …Async} ones, which return at once. Nulls: no parameter may be null unless its documentation says
 * so; no method returns null (absence is an empty {@link Optional} or list). Errors: methods throw
 * {@link ProcrastinateException}s only: {@link DatabaseException} and its kin when the database refuses or cannot be
 * reached ({@link ProcrastinateException#isTransient()} says whether trying again may help), a
 * {@link NullPointerException} or {@link IllegalArgumentException} for arguments the documentation rules out.
 */
public interface JobManager extends QueueControls {

    /**
     * Defers one job and returns its id.
     *
     * @throws AlreadyEnqueuedException when a {@code todo} job holds the same queueing lock
     */
    long defer(JobToDefer job);

    /**
     * Defers all jobs in one statement and returns their ids in the order of {@code jobs} (empty for an empty list).
     *
     * @throws AlreadyEnqueuedException when one job's queueing lock clashes: then none is deferred
     */
    List<Long> batchDefer(List<JobToDefer> jobs);

    /** {@link #defer} without blocking; the stage completes with the id, or exceptionally with what defer throws. */
    CompletionStage<Long> deferAsync(JobToDefer job);

    /** {@link #batchDefer} without blocking; the stage completes as {@link #deferAsync} does. */
    CompletionStage<List<Long>> batchDeferAsync(List<JobToDefer> jobs);

    /**
     * Puts a {@code doing} or {@code failed} job back to {@code todo} to run at {@code retry.retryAt()}; non-null
     * {@code priority}, {@code queueName} and {@code lock} of the decision replace the job's values. Upstream's
     * {@code retry_job_by_id}.
     *
     * @throws DatabaseException when the job is not {@code doing} or {@code failed}, or does not exist
     */
    void retryJob(long jobId, RetryDecision retry);

    /**
     * Cancels a job as {@code how} says ({@link Cancellation#cancel()}, {@link Cancellation#delete()},
     * {@link Cancellation#abort()}). Returns whether anything changed: false when the job does not exist or was in a
     * state that {@code how} leaves alone (already finished, or {@code doing} without abort).
     */
    boolean cancelJob(long jobId, Cancellation how);

    /** The job of this id, or empty when there is none. */
    Optional<Job> getJob(long jobId);

    /**
     * Jobs matching the query, oldest first unless {@link JobQuery#order()} asks otherwise, at most
     * {@link JobQuery#limit()} of them. Upstream's {@code list_jobs}.
     */
    List<Job> listJobs(JobQuery query);

    /** The events of one job, oldest first; empty when the job does not exist. */
    List<JobEvent> listEvents(long jobId);

    /** Job counts per status over the whole table; a status without jobs is absent. */
    Map<JobStatus, Long> countByStatus();

    /**
     * Per-queue counts of the jobs matching {@code filter} (its queue, task, status, lock …), by queue name; the
     * filter's limit and order are not used. Upstream's {@code list_queues(queue, task, status, lock)}.
     */
    List<StatusCounts> listQueues(JobQuery filter);

    /** Per-task counts of the jobs matching {@code filter}, by task name; as {@link #listQueues}. */
    List<StatusCounts> listTasks(JobQuery filter);

    /** Per-lock counts of the jobs matching {@code filter} that have a lock, by lock; as {@link #listQueues}. */
    List<StatusCounts> listLocks(JobQuery filter);

    /**
     * {@code doing} jobs matching {@code filter} (its queue, task …) whose worker has not sent a heartbeat for
     * {@code heartbeatAge}, or that have no worker, in the filter's order. Upstream's {@code get_stalled_jobs(queue,
     * task_name)}.
     */
    List<Job> listStalledJobs(Duration heartbeatAge, JobQuery filter);

    /** Deletes the finished jobs {@code which} selects; returns the number deleted. */
    long deleteOldJobs(OldJobsDeletion which);

    /**
     * The recorded failures of a job, oldest first; empty when none, or when failures are not kept here (the
     * database lacks procrastinate-java's own tables).
     */
    default List<JobFailure> listFailures(long jobId) {
        return List.of();
    }
}
