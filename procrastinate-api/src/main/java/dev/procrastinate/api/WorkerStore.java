package dev.procrastinate.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What a worker does to the queue: register and send heartbeats, claim jobs, end its runs (fenced by its worker id),
 * recover stalled jobs, defer periodic ticks. Users call {@link JobManager}; a worker is given a store. The SQL
 * implementation works on the {@code procrastinate_*} schema; the in-memory one (procrastinate-testing) follows the
 * same rules.
 *
 * <p>Threading: implementations are thread-safe; every method blocks until the database answered. Nulls: no
 * parameter may be null unless its documentation says so ({@code queues} null or empty means every queue); no
 * method returns null. Errors: methods throw {@link ProcrastinateException}s only, as {@link JobManager} says;
 * {@link WorkerNotRegisteredException} when the worker was pruned meanwhile, where said.
 */
public interface WorkerStore {

    /**
     * Defers the job of one periodic tick unless a worker already did ({@code procrastinate_defer_periodic_job_v2}),
     * identified by the task, {@code periodicId} (empty for the task's only schedule) and the tick's time (whole
     * seconds; finer parts are dropped). Returns the job id, or empty when that tick was deferred before.
     *
     * @throws AlreadyEnqueuedException when the job's queueing lock clashes with a {@code todo} job
     */
    Optional<Long> deferPeriodicJob(JobToDefer job, String periodicId, Instant tick);

    /**
     * Claims the next job available to this worker (status becomes {@code doing}), or empty.
     *
     * @throws WorkerNotRegisteredException when {@code workerId} is no longer registered (it was pruned)
     */
    Optional<Job> fetchJob(Collection<String> queues, long workerId);

    /**
     * Claims up to {@code max} jobs in one round trip, honouring every lock rule exactly as {@code max} calls to
     * {@link #fetchJob} would. Never returns more than {@code max}; empty for {@code max < 1}.
     *
     * @throws WorkerNotRegisteredException when {@code workerId} is no longer registered
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
     * Ends a job whoever runs it (unfenced; upstream's {@code finish_job}): its status becomes
     * {@link JobEnd#status()}, or its row is deleted when {@link JobEnd#deleteJob()}. The failure is not recorded.
     *
     * @throws DatabaseException when the job cannot be finished (it does not exist, or is not {@code todo} or
     *     {@code doing})
     */
    void finishJob(JobEnd end);

    /**
     * {@link #finishJob} for several jobs, in one statement per (status, delete) where the implementation can: in
     * one statement, if one job cannot be finished, none is. By default, one call per job.
     */
    default void finishJobs(List<JobEnd> ends) {
        for (JobEnd end : ends) {
            finishJob(end);
        }
    }

    /**
     * Puts a run of this worker back to {@code todo} to run again as {@code decision} says, fenced like
     * {@link #finishOwnedJobs}; a job whose abort was requested ends {@code failed} instead (upstream's retry rule).
     * Records {@code failure} (may be null) as the failure of that attempt. Returns false when the job was not
     * {@code doing} under {@code workerId}, and then changes nothing.
     */
    boolean retryOwnedJob(long workerId, long jobId, RetryDecision decision, FailureDetails failure);

    /**
     * Puts a run of this worker back to {@code todo} to run again at {@code runAt} (not null), its attempts unchanged
     * (a task's {@link Snooze}), fenced like {@link #finishOwnedJobs}; a job whose abort was requested ends
     * {@code failed} instead. Returns false when the job was not {@code doing} under {@code workerId}, and then
     * changes nothing.
     */
    boolean snoozeOwnedJob(long workerId, long jobId, Instant runAt);

    /** Ids, among {@code jobIds}, of the jobs that are not (or no longer) {@code doing} under {@code workerId}. */
    List<Long> listJobsNotOwned(long workerId, Collection<Long> jobIds);

    /** Ids, among these {@code doing} jobs, whose abort has been requested. */
    List<Long> listJobsToAbort(Collection<Long> jobIds);

    /**
     * Recovers one stalled job if it is still stalled when the row is locked ({@code doing}, and its worker gone or
     * silent for {@code heartbeatAge}): runs it again or fails it as {@code recovery} says, counts the recovery,
     * and records {@code reason} (may be null) as that attempt's failure. Safe with several reapers at once: one of
     * them moves the job, the others get {@link StalledJobRecovery.Outcome#NOT_STALLED}.
     */
    StalledJobRecovery.Result recoverStalledJob(StalledJobRecovery recovery, Duration heartbeatAge,
            FailureDetails reason);

    /** The same as {@link JobManager#getJob}: what a worker reads of a job it ran. */
    Optional<Job> getJob(long jobId);

    /** The same as {@link JobManager#listJobs}: a worker lists the jobs it still holds. */
    List<Job> listJobs(JobQuery query);

    /**
     * The reaper's candidates: {@code doing} jobs of these queues whose worker has not sent a heartbeat for
     * {@code heartbeatAge}, or that have no worker, oldest first.
     */
    List<Job> listStalledJobs(Duration heartbeatAge, Collection<String> queues);

    /** Registers a worker and returns its id. */
    long registerWorker();

    /** Removes the worker's row; its {@code doing} jobs lose their worker (the reaper then recovers them). */
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
