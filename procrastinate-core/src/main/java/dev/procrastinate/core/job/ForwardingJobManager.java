package dev.procrastinate.core.job;

import dev.procrastinate.api.Cancellation;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobFailure;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.api.OldJobsDeletion;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.StatusCounts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A {@link JobManager} that hands every call to another one: extend it and override the calls to decorate
 * (counting defers, routing them into the caller's transaction, tracing), as
 * {@code App.builder().connector(c).jobManager(new MyManager(new SqlJobManager(c)))}. Workers are not affected:
 * they use the app's {@link dev.procrastinate.api.WorkerStore}.
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
    public void retryJob(long jobId, RetryDecision retry) {
        delegate.retryJob(jobId, retry);
    }

    @Override
    public boolean cancelJob(long jobId, Cancellation how) {
        return delegate.cancelJob(jobId, how);
    }

    @Override
    public Optional<Job> getJob(long jobId) {
        return delegate.getJob(jobId);
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
    public List<StatusCounts> listQueues(JobQuery filter) {
        return delegate.listQueues(filter);
    }

    @Override
    public List<StatusCounts> listTasks(JobQuery filter) {
        return delegate.listTasks(filter);
    }

    @Override
    public List<StatusCounts> listLocks(JobQuery filter) {
        return delegate.listLocks(filter);
    }

    @Override
    public List<Job> listStalledJobs(Duration heartbeatAge, JobQuery filter) {
        return delegate.listStalledJobs(heartbeatAge, filter);
    }

    @Override
    public long deleteOldJobs(OldJobsDeletion which) {
        return delegate.deleteOldJobs(which);
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
