package dev.procrastinate.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Every operation on the queue. The SQL implementation calls the {@code procrastinate_*} functions of the schema;
 * an in-memory one follows the same rules. Thread-safe. Methods throw {@link ProcrastinateException}s only.
 * {@code queues} parameters: {@code null} or empty means every queue.
 */
public interface JobManager extends QueueControls {

    /** Defers one job and returns its id; {@link AlreadyEnqueuedException} on a queueing-lock clash. */
    long defer(JobToDefer job);

    /** Defers all jobs in one statement and returns their ids in order. One clash refuses the whole batch. */
    List<Long> batchDefer(List<JobToDefer> jobs);

    /** {@link #defer} without blocking. */
    CompletionStage<Long> deferAsync(JobToDefer job);

    /** {@link #batchDefer} without blocking. */
    CompletionStage<List<Long>> batchDeferAsync(List<JobToDefer> jobs);

    /**
     * Defers the job of one periodic tick unless a worker already did ({@code procrastinate_defer_periodic_job_v2}).
     * Returns the job id, or empty when that tick was deferred before.
     */
    Optional<Long> deferPeriodicJob(JobToDefer job, String periodicId, long deferTimestamp);

    /**
     * Claims the next job available to this worker (status becomes {@code doing}), or empty. Throws
     * {@link WorkerNotRegisteredException} when {@code workerId} is no longer registered (it was pruned).
     */
    Optional<Job> fetchJob(Collection<String> queues, long workerId);

    /**
     * Claims up to {@code max} jobs in one round trip, honouring every lock rule exactly as {@code max} calls to
     * {@link #fetchJob} would. Never returns more than {@code max}. Throws {@link WorkerNotRegisteredException}
     * when {@code workerId} is no longer registered.
     */
    List<Job> fetchJobs(Collection<String> queues, long workerId, int max);

    /**
     * Ends runs of this worker, fenced: a job is ended only while it is {@code doing} under {@code workerId}; the
     * others (re-run elsewhere after this worker was pruned, cancelled and deleted meanwhile) are left as they are
     * and their ids returned. The ends that are written are written together, with a failure record for each failed
     * end that carries {@link JobEnd#failure()} (when the {@code procrastinate4j} schema steps are installed).
     * Returns the refused ids, empty when every end was written.
     */
    List<Long> finishOwnedJobs(long workerId, List<JobEnd> ends);

    /**
     * Puts a run of this worker back to {@code todo} to run again as {@code decision} says, fenced like
     * {@link #finishOwnedJobs}; a job whose abort was requested ends {@code failed} instead (upstream's retry rule).
     * Records {@code failure} (may be null) as the failure of that attempt. Returns false when the job was not
     * {@code doing} under {@code workerId}, and then changes nothing.
     */
    boolean retryOwnedJob(long workerId, long jobId, RetryDecision decision, FailureDetails failure);

    /** Ids, among {@code jobIds}, of the jobs that are not (or no longer) {@code doing} under {@code workerId}. */
    List<Long> listJobsNotOwned(long workerId, Collection<Long> jobIds);

    /**
     * Recovers one stalled job if it is still stalled when the row is locked ({@code doing}, and its worker gone or
     * silent for {@code heartbeatAge}): runs it again or fails it as {@code recovery} says, counts the recovery,
     * and records {@code reason} as that attempt's failure. Safe with several reapers at once: one of them moves the
     * job, the others get {@link StalledJobRecovery.Outcome#NOT_STALLED}.
     */
    StalledJobRecovery.Result recoverStalledJob(StalledJobRecovery recovery, Duration heartbeatAge,
            FailureDetails reason);

    /** The recorded failures of a job, oldest first; empty when none, or when failures are not kept here. */
    default List<JobFailure> listFailures(long jobId) {
        return List.of();
    }

    /** Ends a job: {@code endStatus} is succeeded, failed or aborted; deletes the row when asked. */
    void finishJob(long jobId, JobStatus endStatus, boolean deleteJob);

    /**
     * Ends several jobs with the same status in one round trip where the implementation can (the SQL one calls the
     * finish function once per job in one statement: if one job cannot be finished, none is). By default, one call
     * per job.
     */
    default void finishJobs(List<Long> jobIds, JobStatus endStatus, boolean deleteJob) {
        for (long jobId : jobIds) {
            finishJob(jobId, endStatus, deleteJob);
        }
    }

    /**
     * Puts a {@code doing} or {@code failed} job back to {@code todo} to run at {@code retryAt}; non-null
     * {@code priority}, {@code queueName} and {@code lock} replace the job's values.
     */
    void retryJob(long jobId, Instant retryAt, Integer priority, String queueName, String lock);

    /**
     * Cancels a {@code todo} job (deleting it if asked) or, with {@code abort}, requests a {@code doing} job to abort.
     * Returns whether anything changed.
     */
    boolean cancelJob(long jobId, boolean abort, boolean deleteJob);

    Optional<Job> getJob(long jobId);

    /** Ids, among these {@code doing} jobs, whose abort has been requested. */
    List<Long> listJobsToAbort(Collection<Long> jobIds);

    /** Jobs matching the query, newest first. */
    List<Job> listJobs(JobQuery query);

    /** The events of one job, oldest first. */
    List<JobEvent> listEvents(long jobId);

    /** Job counts per status over the whole table. */
    Map<JobStatus, Long> countByStatus();

    /** Per-queue counts, optionally for one queue. */
    List<StatusCounts> listQueues(String queueName);

    /** Per-task counts, optionally for one task. */
    List<StatusCounts> listTasks(String taskName);

    /** Per-lock counts, optionally for one lock. */
    List<StatusCounts> listLocks(String lock);

    /**
     * {@code doing} jobs whose worker has not sent a heartbeat for {@code heartbeatAge}, or that have no worker.
     */
    List<Job> listStalledJobs(Duration heartbeatAge, Collection<String> queues);

    /**
     * Deletes finished jobs older than {@code maxAge} (by their last event): succeeded always, failed, cancelled
     * and aborted when asked; optionally in one queue. Returns the number deleted.
     */
    long deleteOldJobs(Duration maxAge, String queueName, boolean includeFailed, boolean includeCancelled,
            boolean includeAborted);

    /** Registers a worker and returns its id. */
    long registerWorker();

    void unregisterWorker(long workerId);

    /**
     * Records that the worker is alive. Returns false when the worker is no longer registered (another worker pruned
     * it): it then owns none of its jobs and must register again.
     */
    boolean updateHeartbeat(long workerId);

    /** Removes workers whose heartbeat is older than {@code heartbeatAge}; returns their ids. */
    List<Long> pruneStalledWorkers(Duration heartbeatAge);

    /**
     * {@link #pruneStalledWorkers(Duration)} for the reaper of worker {@code keepWorkerId}: never removes that
     * worker, and removes nothing unless that worker's own heartbeat is younger than half of {@code heartbeatAge}
     * when the database runs the statement (a statement that waited through an outage must not act on heartbeats
     * that the outage made late).
     */
    List<Long> pruneStalledWorkers(Duration heartbeatAge, long keepWorkerId);
}
