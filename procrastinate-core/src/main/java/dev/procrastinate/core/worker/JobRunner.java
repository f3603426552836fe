package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobAbortedException;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobMiddleware;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobTimeoutException;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.RegisteredTask;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.Snooze;
import dev.procrastinate.api.TaskNotFoundException;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.core.json.JsonCodec;
import dev.procrastinate.core.task.TaskDefinition;
import dev.procrastinate.core.task.internal.TaskRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one claimed job on the calling thread: checks that the job is still this worker's, finds its task, runs it
 * inside the middleware with its {@link dev.procrastinate.api.JobContext}, decides the outcome (success, failure,
 * retry by the task's strategy, abort) and hands the end to the {@link Finisher}.
 */
final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final TaskRegistry tasks;
    private final WorkerStore store;
    private final JobManager jobManager;
    private final JsonCodec json;
    private final WorkerOptions options;
    private final Membership membership;
    private final RunningJobs running;
    private final Finisher ends;
    private final JobListeners listeners;
    private final BackoffWait backoff;
    private final StopRequests stop;
    private final Clock clock;
    private final AtomicLong stuck = new AtomicLong();

    JobRunner(TaskRegistry tasks, WorkerStore store, JobManager jobManager, JsonCodec json, WorkerOptions options,
            Membership membership, RunningJobs running, Finisher ends, BackoffWait backoff, StopRequests stop,
            Clock clock) {
        this.tasks = tasks;
        this.store = store;
        this.jobManager = jobManager;
        this.json = json;
        this.options = options;
        this.membership = membership;
        this.running = running;
        this.ends = ends;
        this.listeners = new JobListeners(options.listeners());
        this.backoff = backoff;
        this.stop = stop;
        this.clock = clock;
    }

    /** How a run ended: a status, or a retry; and what the task threw. */
    private record Outcome(JobStatus status, RetryDecision retry, Throwable error, Instant snoozeUntil) {

        Outcome(JobStatus status, RetryDecision retry, Throwable error) {
            this(status, retry, error, null);
        }
    }

    void run(RunningJob runningJob) {
        Job job = runningJob.job;
        MDC.put("worker", options.name());
        MDC.put("job_id", Long.toString(job.id()));
        MDC.put("task", job.taskName());
        runningJob.attach(Thread.currentThread());
        long start = System.nanoTime();
        try {
            if (!ownedAtStart(runningJob)) {
                running.endWritten(job.id());
                LOG.atWarn().addKeyValue("action", "job_not_started").log("not starting job {}: it is no longer this "
                        + "worker's (the worker was frozen or cut off past {} and the job was handed to another run)",
                        job.id(), options.stalledWorkerTimeout());
                return;
            }
            listeners.started(job);
            Optional<TaskDefinition> definition = tasks.find(job.taskName());
            if (definition.isEmpty()) {
                Throwable notFound = new TaskNotFoundException(job.taskName(), tasks.names());
                LOG.atError().addKeyValue("action", "task_not_found")
                        .log("job {}: task '{}' not found; registered: {}", job.id(), job.taskName(), tasks.names());
                runningJob.markEnding();
                ends.finish(runningJob, JobStatus.FAILED, notFound);
                logFinished(job, JobStatus.FAILED.dbValue(), 0);
                listeners.ended(job, JobListener.JobOutcome.FAILED, start, notFound);
                return;
            }
            logLoaded(job);
            LOG.atInfo().addKeyValue("action", "start_job").log("starting job {} of task '{}' (attempt {})", job.id(),
                    job.taskName(), job.attempts() + 1);
            Duration timeout = definition.get().options().timeout() != null ? definition.get().options().timeout()
                    : options.defaultTimeout().orElse(null);
            runningJob.running(definition.get(), start, timeout,
                    timeout == null ? null : clock.instant().plus(timeout));
            Outcome outcome = execute(runningJob, definition.get());
            if (!runningJob.claimEnd()) {
                LOG.atWarn().addKeyValue("action", "abandoned_job_returned").log("job {} returned {} ms after it was "
                        + "started, long after its timeout: the worker had given up on it and written its end; "
                        + "nothing more is written", job.id(), (System.nanoTime() - start) / 1_000_000);
                return;
            }
            end(runningJob, outcome);
        } finally {
            runningJob.detach();
            Thread.interrupted();
            running.release(runningJob);
            MDC.remove("job_id");
            MDC.remove("task");
        }
    }

    /**
     * Gives up on a run that ignored its timeout's interrupt for the grace period: writes it failed with a
     * {@link JobTimeoutException} carrying the stack its thread is stuck in, logs that at ERROR, counts it and frees
     * its slot. It is not retried, whatever its task's strategy says: its abandoned thread may still be running, and a
     * second run must never overlap the first (reference §7). When the thread returns, nothing more is written. Does
     * nothing when the run's own thread is already writing its end.
     */
    void abandon(RunningJob runningJob) {
        if (!runningJob.claimEnd()) {
            return;
        }
        Job job = runningJob.job;
        MDC.put("job_id", Long.toString(job.id()));
        MDC.put("task", job.taskName());
        try {
            stuck.incrementAndGet();
            JobTimeoutException stuckAt = new JobTimeoutException(runningJob.timeout(), null);
            Thread thread = runningJob.thread();
            stuckAt.setStackTrace(thread == null ? new StackTraceElement[0] : thread.getStackTrace());
            LOG.atError().addKeyValue("action", "job_stuck").setCause(stuckAt).log("job {} of task '{}' ignored the "
                    + "interrupt of its timeout {} for {}: its slot is freed and its thread {} abandoned (stuck in "
                    + "the stack below); the run is written failed and not retried, since that thread may still "
                    + "be running (retry the job by hand once it is gone)", job.id(),
                    job.taskName(), runningJob.timeout(), options.timeoutGrace(),
                    thread == null ? "?" : thread.getName());
            end(runningJob, new Outcome(JobStatus.FAILED, null, stuckAt));
        } finally {
            running.release(runningJob);
            MDC.remove("job_id");
            MDC.remove("task");
        }
    }

    /** Runs that ignored their timeout's interrupt and were abandoned, since the worker started. */
    long stuckRuns() {
        return stuck.get();
    }

    /** Writes the end of a run whose end this thread claimed, logs it and tells the listeners. */
    private void end(RunningJob runningJob, Outcome outcome) {
        Job job = runningJob.job;
        long start = runningJob.runStartNanos();
        runningJob.markEnding();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (runningJob.abortReason() == AbortReason.LOST_OWNERSHIP) {
            running.endWritten(job.id());
            LOG.atWarn().addKeyValue("action", "job_lost").addKeyValue("duration_ms", millis)
                    .log("job {} stopped after {} ms without writing its end: this worker no longer owns it",
                            job.id(), millis);
            logFinished(job, "lost", millis);
            listeners.ended(job, JobListener.JobOutcome.LOST, start, outcome.error);
        } else if (outcome.snoozeUntil != null) {
            LOG.atInfo().addKeyValue("action", "job_snoozed").addKeyValue("duration_ms", millis)
                    .log("job {} snoozed after {} ms: it runs again at {}, attempts unchanged", job.id(), millis,
                            outcome.snoozeUntil);
            ends.snooze(runningJob, outcome.snoozeUntil);
            logFinished(job, "snoozed", millis);
            listeners.ended(job, JobListener.JobOutcome.SNOOZED, start, null);
        } else if (outcome.retry != null) {
            LOG.atWarn().addKeyValue("action", "job_error_retry").addKeyValue("duration_ms", millis)
                    .setCause(outcome.error).log("job {} failed after {} ms, retrying at {}", job.id(), millis,
                            outcome.retry.retryAt());
            ends.retry(runningJob, outcome.retry, outcome.error);
            logFinished(job, "retried", millis);
            listeners.ended(job, JobListener.JobOutcome.RETRIED, start, outcome.error);
        } else {
            logOutcome(job, outcome, millis);
            ends.finish(runningJob, outcome.status, outcome.error);
            logFinished(job, outcome.status.dbValue(), millis);
            listeners.ended(job, outcomeOf(outcome.status), start, outcome.error);
        }
    }

    /**
     * Whether the job is still this worker's as it is about to start: it was claimed under the current registration
     * and, if that claim and the last heartbeat are older than the stalled timeout less a heartbeat interval, the
     * database says so. While the database cannot be asked, asks again; a forced stop gives up and leaves the job
     * for the reaper.
     */
    private boolean ownedAtStart(RunningJob runningJob) {
        if (runningJob.claimedBy != membership.id()) {
            return false;
        }
        if (membership.fresh(runningJob.claimedBy, runningJob.claimedAt)) {
            return true;
        }
        int failures = 0;
        while (true) {
            try {
                return store.listJobsNotOwned(runningJob.claimedBy, List.of(runningJob.job.id())).isEmpty();
            } catch (ProcrastinateException e) {
                if (stop.forced() || runningJob.abortReason() != null || !backoff.await(++failures)) {
                    return false;
                }
            }
        }
    }

    private Outcome execute(RunningJob runningJob, TaskDefinition definition) {
        Job job = runningJob.job;
        try {
            List<JobMiddleware> middleware = new ArrayList<>(options.middleware());
            middleware.addAll(definition.middleware());
            RegisteredTask task = new RegisteredTask(definition.name(), definition.options(), definition.task());
            JobMiddleware.chain(middleware, definition.task())
                    .run(new WorkerJobContext(runningJob, task, json, options, jobManager));
            return new Outcome(JobStatus.SUCCEEDED, null, null);
        } catch (Throwable error) {
            if (error instanceof Error && !(error instanceof AssertionError || error instanceof StackOverflowError
                    || error instanceof OutOfMemoryError)) {
                LOG.error("job {} raised a fatal error", job.id(), error);
            }
            AbortReason reason = runningJob.abortReason();
            if (reason == null && runningJob.timedOutAt() != null) {
                return failed(runningJob, definition, new JobTimeoutException(runningJob.timeout(), error), false,
                        null);
            }
            if (error instanceof Snooze snooze && (reason == null || reason == AbortReason.SHUTDOWN)
                    && !job.abortRequested()) {
                return new Outcome(null, null, null, clock.instant().plus(snooze.delay()));
            }
            boolean interrupted = error instanceof InterruptedException || Thread.currentThread().isInterrupted();
            boolean aborted = error instanceof JobAbortedException || reason != null && interrupted;
            if (aborted && reason != AbortReason.SHUTDOWN) {
                return new Outcome(JobStatus.ABORTED, null, error);
            }
            return failed(runningJob, definition, error, aborted, reason);
        }
    }

    /** A run that failed with {@code error}: retried when its strategy says so, else failed (or aborted). */
    private Outcome failed(RunningJob runningJob, TaskDefinition definition, Throwable error, boolean aborted,
            AbortReason reason) {
        Job job = runningJob.job;
        if (reason == AbortReason.USER_REQUEST || job.abortRequested()) {
            return new Outcome(JobStatus.FAILED, null, error);
        }
        Optional<RetryDecision> decision = Optional.empty();
        try {
            decision = definition.options().retry().decide(job, error, job.attempts(), clock.instant());
        } catch (RuntimeException strategyError) {
            LOG.error("retry strategy of task '{}' failed for job {}", job.taskName(), job.id(), strategyError);
        }
        if (decision.isPresent()) {
            return new Outcome(null, decision.get(), error);
        }
        return new Outcome(aborted ? JobStatus.ABORTED : JobStatus.FAILED, null, error);
    }

    /** Upstream's {@code loaded_job_info}: the claimed job's fields, before it starts. */
    private static void logLoaded(Job job) {
        LOG.atDebug().addKeyValue("action", "loaded_job_info").addKeyValue("job_id", job.id())
                .addKeyValue("task_name", job.taskName()).addKeyValue("queue", job.queueName())
                .addKeyValue("priority", job.priority()).addKeyValue("lock", job.lock())
                .addKeyValue("queueing_lock", job.queueingLock()).addKeyValue("attempts", job.attempts())
                .addKeyValue("scheduled_at", job.scheduledAt()).addKeyValue("task_kwargs", job.argsJson())
                .log("loaded job info of job {}, about to start it", job.id());
    }

    /** Upstream's {@code finish_task}: the run is over, and how (the job's status, or retried, snoozed, lost). */
    private static void logFinished(Job job, String status, long millis) {
        LOG.atDebug().addKeyValue("action", "finish_task").addKeyValue("job_id", job.id())
                .addKeyValue("status", status).addKeyValue("duration_ms", millis)
                .log("acknowledged the end of job {} of task '{}': {}", job.id(), job.taskName(), status);
    }

    private static void logOutcome(Job job, Outcome outcome, long millis) {
        switch (outcome.status) {
            case SUCCEEDED -> LOG.atInfo().addKeyValue("action", "job_success").addKeyValue("duration_ms", millis)
                    .log("job {} succeeded in {} ms", job.id(), millis);
            case ABORTED -> LOG.atInfo().addKeyValue("action", "job_aborted").addKeyValue("duration_ms", millis)
                    .log("job {} aborted after {} ms", job.id(), millis);
            default -> LOG.atError().addKeyValue("action", "job_error").addKeyValue("duration_ms", millis)
                    .setCause(outcome.error).log("job {} failed after {} ms", job.id(), millis);
        }
    }

    private static JobListener.JobOutcome outcomeOf(JobStatus status) {
        return switch (status) {
            case SUCCEEDED -> JobListener.JobOutcome.SUCCEEDED;
            case ABORTED -> JobListener.JobOutcome.ABORTED;
            default -> JobListener.JobOutcome.FAILED;
        };
    }
}
