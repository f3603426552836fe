package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.RetryStrategy;
import dev.procrastinate.core.task.TaskDefinition;
import dev.procrastinate.core.task.TaskRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers the jobs of dead workers: {@code doing} jobs whose worker stopped sending heartbeats (or has been
 * pruned) are retried when their task's strategy allows another attempt, and failed otherwise. Safe with many
 * workers reaping at once: the database only lets one of them move a job out of {@code doing}; the others' calls
 * fail and are ignored.
 */
final class StalledJobReaper {

    private static final Logger LOG = LoggerFactory.getLogger(StalledJobReaper.class);
    private static final RuntimeException STALLED = new IllegalStateException("the job's worker stopped responding");

    private final JobManager jobManager;
    private final TaskRegistry tasks;
    private final Clock clock;
    private final Duration heartbeatAge;
    private final List<String> queues;

    StalledJobReaper(JobManager jobManager, TaskRegistry tasks, Clock clock, Duration heartbeatAge,
            List<String> queues) {
        this.jobManager = jobManager;
        this.tasks = tasks;
        this.clock = clock;
        this.heartbeatAge = heartbeatAge;
        this.queues = queues;
    }

    /** Reaps once; returns the number of jobs it moved. */
    int reap() {
        jobManager.pruneStalledWorkers(heartbeatAge);
        int moved = 0;
        for (Job job : jobManager.listStalledJobs(heartbeatAge, queues)) {
            try {
                Optional<RetryDecision> decision = job.abortRequested() ? Optional.empty() : tasks.find(job.taskName())
                        .map(TaskDefinition::options).map(options -> options.retry())
                        .orElse(RetryStrategy.NONE).decide(job, STALLED, job.attempts(), clock.instant());
                if (decision.isPresent()) {
                    RetryDecision retry = decision.get();
                    jobManager.retryJob(job.id(), retry.retryAt(), retry.priority(), retry.queueName(), retry.lock());
                    LOG.atWarn().addKeyValue("action", "retry_stalled_job").addKeyValue("job_id", job.id())
                            .log("job {} was stalled (its worker died): retrying it", job.id());
                } else {
                    jobManager.finishJob(job.id(), JobStatus.FAILED, false);
                    LOG.atWarn().addKeyValue("action", "fail_stalled_job").addKeyValue("job_id", job.id())
                            .log("job {} was stalled (its worker died): failed it", job.id());
                }
                moved++;
            } catch (ProcrastinateException e) {
                if (e.isTransient()) {
                    throw e;
                }
                LOG.debug("stalled job {} was recovered by someone else: {}", job.id(), e.getMessage());
            }
        }
        return moved;
    }
}
