package dev.procrastinate.core.job;

import dev.procrastinate.api.FailureDetails;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEnd;
import dev.procrastinate.api.JobFailure;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.StalledJobRecovery;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.api.StatusCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A {@link JobManager} that hands every call to another one: extend it and override the calls to decorate
 * (counting defers, routing them into the caller's transaction, tracing), as
 * {@code App.builder().connector(c).jobManager(new MyManager(new SqlJobManager(c)))}.
 */
public abstract class ForwardingJobManager implements JobManager {

    private final JobManager delegate;

    protected ForwardingJobManager(JobManager delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    protected final JobManager delegate() {
        return delegate;
    }

    @Override
    public long defer(JobToDefer job) {
        return delegate.defer(job);
    }

    @Override
    public List<Long> batchDefer(List<JobToDefer> jobs) {
        return delegate.batchDefer(jobs);
    }

    @Override
    public CompletionStage<Long> deferAsync(JobToDefer job) {
        return delegate.deferAsync(job);
    }

    @Override
    public CompletionStage<List<Long>> batchDeferAsync(List<JobToDefer> jobs) {
        return delegate.batchDeferAsync(jobs);
    }

    @Override
    public Optional<Long> deferPeriodicJob(JobToDefer job, String periodicId, long deferTimestamp) {
        return delegate.deferPeriodicJob(job, periodicId, deferTimestamp);
    }

    @Override
    public Optional<Job> fetchJob(Collection<String> queues, long workerId) {
        return delegate.fetchJob(queues, workerId);
    }

    @Override
    public List<Job> fetchJobs(Collection<String> queues, long workerId, int max) {
        return delegate.fetchJobs(queues, workerId, max);
    }

    @Override
    public void finishJob(long jobId, JobStatus endStatus, boolean deleteJob) {
        delegate.finishJob(jobId, endStatus, deleteJob);
    }

    @Override
    public void finishJobs(List<Long> jobIds, JobStatus endStatus, boolean deleteJob) {
        delegate.finishJobs(jobIds, endStatus, deleteJob);
    }

    @Override
    public void retryJob(long jobId, Instant retryAt, Integer priority, String queueName, String lock) {
        delegate.retryJob(jobId, retryAt, priority, queueName, lock);
    }

    @Override
    public boolean cancelJob(long jobId, boolean abort, boolean deleteJob) {
        return delegate.cancelJob(jobId, abort, deleteJob);
    }

    @Override
    public Optional<Job> getJob(long jobId) {
        return delegate.getJob(jobId);
    }

    @Override
    public List<Long> listJobsToAbort(Collection<Long> jobIds) {
        return delegate.listJobsToAbort(jobIds);
    }

    @Override
    public List<Job> listJobs(JobQuery query) {
        return delegate.listJobs(query);
    }

    @Override
    public List<JobEvent> listEvents(long jobId) {
        return delegate.listEvents(jobId);
    }

    @Override
    public Map<JobStatus, Long> countByStatus() {
        return delegate.countByStatus();
    }

    @Override
    public List<StatusCounts> listQueues(String queueName) {
        return delegate.listQueues(queueName);
    }

    @Override
    public List<StatusCounts> listTasks(String taskName) {
        return delegate.listTasks(taskName);
    }

    @Override
    public List<StatusCounts> listLocks(String lock) {
        return delegate.listLocks(lock);
    }

    @Override
    public List<Job> listStalledJobs(Duration heartbeatAge, Collection<String> queues) {
        return delegate.listStalledJobs(heartbeatAge, queues);
    }

    @Override
    public long deleteOldJobs(Duration maxAge, String queueName, boolean includeFailed, boolean includeCancelled,
            boolean includeAborted) {
        return delegate.deleteOldJobs(maxAge, queueName, includeFailed, includeCancelled, includeAborted);
    }

    @Override
    public long registerWorker() {
        return delegate.registerWorker();
    }

    @Override
    public void unregisterWorker(long workerId) {
        delegate.unregisterWorker(workerId);
    }

    @Override
    public boolean updateHeartbeat(long workerId) {
        return delegate.updateHeartbeat(workerId);
    }

    @Override
    public List<Long> pruneStalledWorkers(Duration heartbeatAge) {
        return delegate.pruneStalledWorkers(heartbeatAge);
    }

    @Override
    public List<Long> pruneStalledWorkers(Duration heartbeatAge, long keepWorkerId) {
        return delegate.pruneStalledWorkers(heartbeatAge, keepWorkerId);
    }

    @Override
    public List<Long> finishOwnedJobs(long workerId, List<JobEnd> ends) {
        return delegate.finishOwnedJobs(workerId, ends);
    }

    @Override
    public boolean retryOwnedJob(long workerId, long jobId, RetryDecision decision, FailureDetails failure) {
        return delegate.retryOwnedJob(workerId, jobId, decision, failure);
    }

    @Override
    public List<Long> listJobsNotOwned(long workerId, Collection<Long> jobIds) {
        return delegate.listJobsNotOwned(workerId, jobIds);
    }

    @Override
    public StalledJobRecovery.Result recoverStalledJob(StalledJobRecovery recovery, Duration heartbeatAge,
            FailureDetails reason) {
        return delegate.recoverStalledJob(recovery, heartbeatAge, reason);
    }

    @Override
    public List<JobFailure> listFailures(long jobId) {
        return delegate.listFailures(jobId);
    }

    @Override
    public void pauseQueue(String queueName) {
        delegate.pauseQueue(queueName);
    }

    @Override
    public void resumeQueue(String queueName) {
        delegate.resumeQueue(queueName);
    }

    @Override
    public void setQueueLimits(String queueName, QueueLimits limits) {
        delegate.setQueueLimits(queueName, limits);
    }

    @Override
    public List<QueueControl> listQueueControls() {
        return delegate.listQueueControls();
    }
}
