package dev.procrastinate.core.worker;

import dev.procrastinate.api.FailureDetails;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.StalledJobRecovery;
import dev.procrastinate.core.task.TaskDefinition;
import dev.procrastinate.core.task.internal.TaskRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers the jobs of dead workers, at least once: a {@code doing} job whose worker stopped sending heartbeats
 * (or was pruned) is put back to run again, whether or not its task retries (at the time its retry strategy
 * would choose, when it has one that agrees, else at once), until it has been recovered {@code maxRecoveries} times
 * (the task's, else the worker's); then, or when its abort was requested, it ends {@code failed}. Each recovery is
 * recorded as a failure of that attempt. Never prunes its own worker, and the database re-checks that a job is still
 * stalled when it moves it, so several reapers at once are safe.
 *
 * <p>As a side loop it runs every half {@code stalledWorkerTimeout}, and reaps only right after a heartbeat of its
 * own went through, and only when its heartbeats have gone through for a whole timeout; the statements themselves
 * also refuse to act if they waited through an outage.
 */
final class StalledJobReaper implements SideLoop {

    private static final Logger LOG = LoggerFactory.getLogger(StalledJobReaper.class);

    private final WorkerStore jobManager;
    private final TaskRegistry tasks;
    private final Clock clock;
    private final Duration heartbeatAge;
    private final List<String> queues;
    private final int maxRecoveries;
    private final Heartbeat heartbeat;
    private final Membership membership;
    private final OutageLog outage = new OutageLog(LoggerFactory.getLogger(Worker.class), "reap_stalled_jobs");

    StalledJobReaper(WorkerStore jobManager, TaskRegistry tasks, Clock clock, Duration heartbeatAge,
            List<String> queues, int maxRecoveries, Heartbeat heartbeat, Membership membership) {
        this.heartbeat = heartbeat;
        this.membership = membership;
        this.jobManager = jobManager;
        this.tasks = tasks;
        this.clock = clock;
        this.heartbeatAge = heartbeatAge;
        this.queues = queues;
        this.maxRecoveries = maxRecoveries;
    }

    @Override
    public String name() {
        return "reaper";
    }

    @Override
    public Duration interval() {
        return Duration.ofMillis(Math.max(100, heartbeatAge.toMillis() / 2));
    }

    @Override
    public void step() {
        heartbeat.step();
        long id = membership.id();
        if (!membership.healthyLongEnough()) {
            LOG.debug("not reaping: this worker's own heartbeats have not gone through for {} yet", heartbeatAge);
            return;
        }
        try {
            reap(id);
            outage.succeeded();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    /** Prunes silent workers other than {@code self} and recovers their jobs; returns the number of jobs moved. */
    int reap(long self) {
        List<Long> pruned = jobManager.pruneStalledWorkers(heartbeatAge, self);
        if (!pruned.isEmpty()) {
            LOG.atWarn().addKeyValue("action", "prune_stalled_workers")
                    .log("pruned workers {}: no heartbeat for more than {}", pruned, heartbeatAge);
        }
        int moved = 0;
        for (Job job : jobManager.listStalledJobs(heartbeatAge, queues)) {
            if (job.workerId() != null && job.workerId() == self) {
                continue;
            }
            try {
                moved += recover(job, self) ? 1 : 0;
            } catch (ProcrastinateException e) {
                if (e.isTransient()) {
                    throw e;
                }
                LOG.warn("could not recover stalled job {}: {}", job.id(), e.getMessage());
            }
        }
        return moved;
    }

    private boolean recover(Job job, long self) {
        Optional<TaskDefinition> task = tasks.find(job.taskName());
        int cap = task.map(definition -> definition.options().maxRecoveries()).orElse(maxRecoveries);
        RetryDecision retry = null;
        String worker = job.workerId() == null ? "a pruned worker" : "worker " + job.workerId();
        String reason = "the job's worker (" + worker + ") stopped sending heartbeats for more than " + heartbeatAge
                + ": it died, froze or was cut off from the database";
        if (task.isPresent() && !job.abortRequested()) {
            try {
                retry = task.get().options().retry()
                        .decide(job, new StalledJobException(reason), job.attempts(), clock.instant()).orElse(null);
            } catch (RuntimeException e) {
                LOG.warn("retry strategy of task '{}' failed for stalled job {}; running it again at once",
                        job.taskName(), job.id(), e);
            }
        }
        StalledJobRecovery.Result result = jobManager.recoverStalledJob(
                new StalledJobRecovery(job.id(), cap, retry, self),
                heartbeatAge, new FailureDetails(StalledJobException.class.getName(), reason, null));
        switch (result.outcome()) {
            case RECOVERED -> LOG.atWarn().addKeyValue("action", "recover_stalled_job").addKeyValue("job_id", job.id())
                    .log("job {} of task '{}' was stalled ({}): running it again (recovery {} of at most {})",
                            job.id(), job.taskName(), worker, result.recoveries(), cap);
            case FAILED -> LOG.atError().addKeyValue("action", "fail_stalled_job").addKeyValue("job_id", job.id())
                    .log("job {} of task '{}' was stalled ({}) and is failed: {}", job.id(), job.taskName(), worker,
                            job.abortRequested() ? "its abort had been requested"
                                    : cap == 0 ? "its task must never run twice (maxRecoveries 0)"
                                    : "it was already recovered " + (result.recoveries() - 1)
                                            + " time(s), the most allowed (maxRecoveries " + cap + ")");
            case NOT_STALLED -> LOG.debug("job {} is no longer stalled", job.id());
            default -> throw new IllegalStateException(result.outcome().toString());
        }
        return result.outcome() != StalledJobRecovery.Outcome.NOT_STALLED;
    }

    /** What a stalled job's failure record names as its cause. */
    static final class StalledJobException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StalledJobException(String message) {
            super(message, null, false, false);
        }
    }
}
