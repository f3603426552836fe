package dev.procrastinate.core.worker;

import dev.procrastinate.api.FailureDetails;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobAbortedException;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.Notification;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.TaskNotFoundException;
import dev.procrastinate.api.Subscription;
import dev.procrastinate.api.WorkerNotRegisteredException;
import dev.procrastinate.core.App;
import dev.procrastinate.core.task.TaskDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Takes jobs from the database and runs them on {@code concurrency} threads.
 *
 * <p>One fetch thread claims as many jobs as there are free slots in one round trip, hands them to the job
 * threads, and when the queues are empty sleeps until a NOTIFY, a freed lock, the polling interval or a stop.
 * Side loops send heartbeats and poll for abort requests, and keep doing so while a stop waits for running jobs.
 * Database errors never end the worker: it logs, backs off and retries; while LISTEN is down it polls.
 *
 * <p>The worker only runs and ends jobs it owns. When it learns that its registration is gone (its heartbeat finds
 * no row, or a claim is refused by the foreign key: another worker pruned it after it was frozen or cut off past
 * {@code stalledWorkerTimeout}) it stops the jobs it was running, writes none of their ends, registers again under a
 * new id and goes on. A job whose claim and last proof of registration are older than that timeout less a
 * heartbeat interval is checked in the database before it starts, and every end is written only while the job is
 * still this worker's. Its reaper never prunes its own worker, and prunes nothing until its own heartbeats have gone
 * through for a whole timeout, so that after a database outage the other live workers have had the time to send
 * theirs; its statements also refuse to act when they waited through an outage.
 *
 * <p>{@link #run()} blocks; {@link #start()} runs the same in a background thread. {@link #stop()} asks for a
 * graceful stop (the first call) and aborts running jobs (the second call).
 */
public final class Worker implements AutoCloseable {

    /** Lifecycle of a worker. */
    public enum State { NEW, RUNNING, STOPPING, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final App app;
    private final WorkerStore jobManager;
    private final WorkerOptions options;
    private final Wakeup wakeup = new Wakeup();
    private final Semaphore slots;
    private final Map<Long, RunningJob> running = new ConcurrentHashMap<>();
    /** Jobs claimed and not yet ended (running, or their end being written); guarded with {@link #claiming}. */
    private final Set<Long> inHand = ConcurrentHashMap.newKeySet();
    private final Object claiming = new Object();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicInteger stopRequests = new AtomicInteger();
    private volatile long stopRequestedAt;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final OutageLog fetchOutage = new OutageLog(LOG, "fetch_jobs");
    private final OutageLog heartbeatOutage = new OutageLog(LOG, "update_heartbeat");
    private final OutageLog finishOutage = new OutageLog(LOG, "finish_job");
    private final OutageLog reaperOutage = new OutageLog(LOG, "reap_stalled_jobs");
    private final OutageLog periodicOutage = new OutageLog(LOG, "defer_periodic_jobs");
    private final OutageLog pollOutage = new OutageLog(LOG, "poll_running_jobs");
    private final Backoff backoff = new Backoff();
    private final Persistence persistence;
    private final Membership membership;
    private final Object registration = new Object();
    private volatile boolean heartbeatDown;
    private volatile Subscription subscription;
    private Finisher finisher;

    public Worker(App app, WorkerOptions options) {
        this.app = app;
        this.jobManager = app.workerStore();
        this.options = options;
        this.slots = new Semaphore(options.concurrency());
        this.membership = new Membership(options.stalledWorkerTimeout(), options.updateHeartbeatInterval());
        this.persistence = new Persistence(finishOutage, backoff, this::givingUpOnWrites);
    }

    public WorkerOptions options() {
        return options;
    }

    public State state() {
        return state.get();
    }

    /** The id this worker is registered under: empty before it starts, while it registers again, and once stopped. */
    public Optional<Long> workerId() {
        long id = membership.id();
        return id == Membership.NONE || state.get() == State.STOPPED ? Optional.empty() : Optional.of(id);
    }

    /** Whether LISTEN is up, so that a deferred job wakes this worker at once. */
    public boolean isListening() {
        Subscription current = subscription;
        return current != null && current.isListening();
    }

    /** Ids of the jobs running right now. */
    public List<Long> runningJobIds() {
        return List.copyOf(running.keySet());
    }

    /** Starts the worker in a background thread and returns. */
    public Worker start() {
        Thread thread = new Thread(this::run, "procrastinate-" + options.name());
        thread.setDaemon(false);
        thread.start();
        return this;
    }

    /**
     * Runs until stopped. With {@code installSignalHandlers}, SIGINT/SIGTERM stop the worker gracefully and a
     * second signal aborts running jobs.
     */
    public void run() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("a worker runs once; this one is " + state.get());
        }
        SignalHandlers signals = options.installSignalHandlers() ? SignalHandlers.install(this::stop) : null;
        MDC.put("worker", options.name());
        ExecutorService jobThreads = Executors.newFixedThreadPool(options.concurrency(),
                threads("procrastinate-" + options.name() + "-job-", false));
        ScheduledExecutorService sideLoops = Executors.newScheduledThreadPool(3,
                threads("procrastinate-" + options.name() + "-side-", true));
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
                threads("procrastinate-" + options.name() + "-heartbeat-", true));
        finisher = new Finisher("procrastinate-" + options.name() + "-finisher", jobManager, persistence,
                wakeup::signal, !options.waitForJobs(), inHand::remove);
        try {
            if (!register(true)) {
                return;
            }
            heartbeats.scheduleWithFixedDelay(this::heartbeat, options.updateHeartbeatInterval().toMillis(),
                    options.updateHeartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
            sideLoops.scheduleWithFixedDelay(this::pollRunningJobs, options.abortJobPollingInterval().toMillis(),
                    options.abortJobPollingInterval().toMillis(), TimeUnit.MILLISECONDS);
            if (options.reapStalledJobs()) {
                StalledJobReaper reaper = new StalledJobReaper(jobManager, app.tasks(), app.clock(),
                        options.stalledWorkerTimeout(), options.queues(), options.maxRecoveries());
                long every = Math.max(100, options.stalledWorkerTimeout().toMillis() / 2);
                sideLoops.scheduleWithFixedDelay(() -> reap(reaper), every, every, TimeUnit.MILLISECONDS);
            }
            app.periodicDeferrer().ifPresent(periodic -> sideLoops.scheduleWithFixedDelay(
                    () -> deferPeriodic(periodic), 0, 1, TimeUnit.SECONDS));
            if (options.listenNotify() && app.hasConnector()) {
                subscription = app.connector().listen(channels(), new Listener());
            }
            LOG.atInfo().addKeyValue("action", "start_worker").log("worker '{}' (id {}) started on {}",
                    options.name(), membership.id(), options.queues().isEmpty() ? "all queues" : options.queues());
            fetchLoop(jobThreads);
            drain(jobThreads);
        } finally {
            jobThreads.shutdownNow();
            long deadline = (stopping() ? stopRequestedAt : System.nanoTime())
                    + options.stalledWorkerTimeout().toNanos();
            if (!finisher.close(deadline)) {
                LOG.atError().addKeyValue("action", "job_end_not_written").log("gave up writing {} job end(s): the "
                        + "database did not answer within {} of the stop; those jobs stay doing and run again once "
                        + "this worker's registration is pruned", finisher.pending(), options.stalledWorkerTimeout());
            }
            if (subscription != null) {
                subscription.close();
            }
            sideLoops.shutdownNow();
            heartbeats.shutdownNow();
            unregister();
            if (signals != null) {
                signals.restore();
            }
            state.set(State.STOPPED);
            LOG.atInfo().addKeyValue("action", "stop_worker").log("worker '{}' stopped", options.name());
            MDC.remove("worker");
            terminated.countDown();
        }
    }

    /** First call: stop fetching and let running jobs finish. Second call: also abort running jobs. */
    public void stop() {
        int requests = stopRequests.incrementAndGet();
        state.compareAndSet(State.RUNNING, State.STOPPING);
        if (requests == 1) {
            stopRequestedAt = System.nanoTime();
            LOG.atInfo().addKeyValue("action", "stopping_worker")
                    .log("stop requested: finishing {} running job(s)", running.size());
        } else if (requests == 2) {
            LOG.atWarn().addKeyValue("action", "aborting_jobs").log("second stop request: aborting running jobs");
            abortAll(AbortReason.SHUTDOWN);
        }
        wakeup.signal();
        backoff.wake();
    }

    /** Waits for the worker to stop; returns whether it did within the timeout. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops gracefully and waits for the worker to end. */
    @Override
    public void close() {
        if (state.get() == State.NEW) {
            state.set(State.STOPPED);
            terminated.countDown();
            return;
        }
        stop();
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stopping() {
        return stopRequests.get() > 0;
    }

    /**
     * Whether ends that the database does not take should be given up: on a second stop request, or when a stop has
     * waited a whole {@code stalledWorkerTimeout} for a database that does not come back (the jobs then stay
     * {@code doing}, and run again once this worker's registration is pruned, as if it had died).
     */
    private boolean givingUpOnWrites() {
        return stopRequests.get() > 1 || stopping()
                && System.nanoTime() - stopRequestedAt > options.stalledWorkerTimeout().toNanos();
    }

    /**
     * Registers, retrying through outages; false when a stop came first. A non-transient failure is thrown at start
     * ({@code first}: the schema is missing, say) and retried later on, when the worker is already running.
     * Silent workers are not pruned here, unlike upstream: after an outage every worker's heartbeat is late, and
     * pruning them before they could send one would hand their running jobs to a second run.
     */
    private boolean register(boolean first) {
        OutageLog outage = new OutageLog(LOG, "register_worker");
        int failures = 0;
        while (!stopping()) {
            try {
                long sent = System.nanoTime();
                long id = jobManager.registerWorker();
                membership.registered(id, sent);
                outage.succeeded();
                return true;
            } catch (ProcrastinateException e) {
                if (first && !e.isTransient()) {
                    throw e;
                }
                outage.failed(e);
                if (!backoff(++failures)) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * The registration {@code lostId} is gone: stop the jobs claimed under it (their ends are not written: they
     * are another run's now), register again and go on. Called by whichever thread finds out first; the others
     * wait here and then see the new id.
     */
    private void registrationLost(long lostId, String how) {
        synchronized (registration) {
            if (membership.id() != lostId) {
                return;
            }
            membership.lost();
            List<RunningJob> orphans = running.values().stream().filter(job -> job.claimedBy == lostId).toList();
            LOG.atWarn().addKeyValue("action", "worker_registration_lost").log("worker {} is no longer registered "
                    + "({}): it was pruned after sending no heartbeat for more than {} (frozen or cut off). It owns "
                    + "none of its {} running job(s) {}: stopping them without writing their ends (they run again "
                    + "elsewhere), and registering again", lostId, how, options.stalledWorkerTimeout(),
                    orphans.size(), orphans.stream().map(job -> job.job.id()).toList());
            orphans.forEach(job -> job.abort(AbortReason.LOST_OWNERSHIP));
            if (register(false)) {
                LOG.atWarn().addKeyValue("action", "worker_registered_again")
                        .log("worker registered again as {} (was {})", membership.id(), lostId);
            }
            wakeup.signal();
        }
    }

    private void fetchLoop(ExecutorService jobThreads) {
        int failures = 0;
        while (!stopping()) {
            try {
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                if (stopping()) {
                    return;
                }
                continue;
            }
            if (stopping()) {
                slots.release();
                return;
            }
            long id = membership.id();
            if (id == Membership.NONE) {
                slots.release();
                synchronized (registration) {
                    continue;
                }
            }
            int free = 1 + slots.drainPermits();
            boolean quiet = running.isEmpty() && finisher.pending() == 0;
            long sent = System.nanoTime();
            List<Job> jobs;
            try {
                synchronized (claiming) {
                    jobs = jobManager.fetchJobs(options.queues(), id, free);
                    for (Job job : jobs) {
                        inHand.add(job.id());
                    }
                }
                fetchOutage.succeeded();
                failures = 0;
            } catch (WorkerNotRegisteredException e) {
                slots.release(free);
                registrationLost(id, "a claim was refused: " + e.getMessage());
                continue;
            } catch (ProcrastinateException e) {
                slots.release(free);
                fetchOutage.failed(e);
                if (!backoff(++failures)) {
                    return;
                }
                continue;
            }
            if (!jobs.isEmpty()) {
                membership.confirmed(id, sent);
            }
            slots.release(free - jobs.size());
            for (Job job : jobs) {
                RunningJob runningJob = new RunningJob(job, app.clock().instant(), id, sent);
                running.put(job.id(), runningJob);
                jobThreads.execute(() -> runJob(runningJob));
            }
            if (jobs.size() < free) {
                if (!options.waitForJobs() && jobs.isEmpty() && quiet) {
                    return;
                }
                // Waiting for work; a one-shot worker also waits here for the jobs it runs and the ends in flight,
                // since a job that ends may free a lock another job waits on.
                try {
                    wakeup.await(options.fetchJobPollingInterval());
                } catch (InterruptedException e) {
                    if (stopping()) {
                        return;
                    }
                }
            }
        }
    }

    /** Sleeps before retrying a failed database call; false when a stop came meanwhile. */
    private boolean backoff(int failures) {
        try {
            wakeup.await(Backoff.delay(failures));
        } catch (InterruptedException e) {
            return !stopping();
        }
        return !stopping();
    }

    private void drain(ExecutorService jobThreads) {
        jobThreads.shutdown();
        try {
            Optional<Duration> timeout = options.shutdownGracefulTimeout();
            if (timeout.isPresent() && !jobThreads.awaitTermination(timeout.get().toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.atWarn().addKeyValue("action", "shutdown_timeout")
                        .log("graceful timeout {} passed: aborting {} running job(s)", timeout.get(), running.size());
                abortAll(AbortReason.SHUTDOWN);
            }
            while (!jobThreads.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.debug("waiting for running jobs {}", running.keySet());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortAll(AbortReason.SHUTDOWN);
        }
    }

    private void abortAll(AbortReason reason) {
        running.values().forEach(job -> job.abort(reason));
    }

    private void runJob(RunningJob runningJob) {
        Job job = runningJob.job;
        MDC.put("worker", options.name());
        MDC.put("job_id", Long.toString(job.id()));
        MDC.put("task", job.taskName());
        runningJob.attach(Thread.currentThread());
        long start = System.nanoTime();
        try {
            if (!ownedAtStart(runningJob)) {
                inHand.remove(job.id());
                LOG.atWarn().addKeyValue("action", "job_not_started").log("not starting job {}: it is no longer this "
                        + "worker's (the worker was frozen or cut off past {} and the job was handed to another run)",
                        job.id(), options.stalledWorkerTimeout());
                return;
            }
            notifyListeners(listener -> listener.jobStarted(job));
            Optional<TaskDefinition> definition = app.tasks().find(job.taskName());
            if (definition.isEmpty()) {
                Throwable notFound = new TaskNotFoundException(job.taskName(), app.tasks().names());
                LOG.atError().addKeyValue("action", "task_not_found")
                        .log("job {}: task '{}' not found; registered: {}", job.id(), job.taskName(),
                                app.tasks().names());
                runningJob.markEnding();
                finish(runningJob, JobStatus.FAILED, notFound);
                ended(job, JobListener.JobOutcome.FAILED, start, notFound);
                return;
            }
            LOG.atInfo().addKeyValue("action", "start_job").log("starting job {} of task '{}' (attempt {})", job.id(),
                    job.taskName(), job.attempts() + 1);
            Outcome outcome = execute(runningJob, definition.get());
            runningJob.markEnding();
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (runningJob.abortReason() == AbortReason.LOST_OWNERSHIP) {
                inHand.remove(job.id());
                LOG.atWarn().addKeyValue("action", "job_lost").addKeyValue("duration_ms", millis)
                        .log("job {} stopped after {} ms without writing its end: this worker no longer owns it",
                                job.id(), millis);
                ended(job, JobListener.JobOutcome.LOST, start, outcome.error);
            } else if (outcome.retry != null) {
                retry(runningJob, outcome.retry, millis, outcome.error);
                ended(job, JobListener.JobOutcome.RETRIED, start, outcome.error);
            } else {
                logOutcome(job, outcome, millis);
                finish(runningJob, outcome.status, outcome.error);
                ended(job, outcomeOf(outcome.status), start, outcome.error);
            }
        } finally {
            runningJob.detach();
            Thread.interrupted();
            running.remove(job.id());
            slots.release();
            if (!options.waitForJobs()) {
                wakeup.signal();
            }
            MDC.remove("job_id");
            MDC.remove("task");
        }
    }

    /**
     * Whether the job is still this worker's as it is about to start: it was claimed under the current registration
     * and, if that claim and the last heartbeat are older than the stalled timeout less a heartbeat interval, the
     * database says so. While
     * the database cannot be asked, asks again; a forced stop gives up and leaves the job for the reaper.
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
                return jobManager.listJobsNotOwned(runningJob.claimedBy, List.of(runningJob.job.id())).isEmpty();
            } catch (ProcrastinateException e) {
                if (stopRequests.get() > 1 || runningJob.abortReason() != null || !backoff.await(++failures)) {
                    return false;
                }
            }
        }
    }

    private record Outcome(JobStatus status, RetryDecision retry, Throwable error) {
    }

    private static JobListener.JobOutcome outcomeOf(JobStatus status) {
        return switch (status) {
            case SUCCEEDED -> JobListener.JobOutcome.SUCCEEDED;
            case ABORTED -> JobListener.JobOutcome.ABORTED;
            default -> JobListener.JobOutcome.FAILED;
        };
    }

    private void ended(Job job, JobListener.JobOutcome outcome, long startNanos, Throwable error) {
        if (options.listeners().isEmpty()) {
            return;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        notifyListeners(listener -> listener.jobEnded(job, outcome, duration, error));
    }

    private void notifyListeners(java.util.function.Consumer<JobListener> call) {
        for (JobListener listener : options.listeners()) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("job listener {} failed", listener, e);
            }
        }
    }

    private Outcome execute(RunningJob runningJob, TaskDefinition definition) {
        Job job = runningJob.job;
        try {
            JobMiddleware.chain(options.middleware(), definition.task())
                    .run(new WorkerJobContext(runningJob, app.json(), options, app.jobManager()));
            return new Outcome(JobStatus.SUCCEEDED, null, null);
        } catch (Throwable error) {
            if (error instanceof Error && !(error instanceof AssertionError || error instanceof StackOverflowError
                    || error instanceof OutOfMemoryError)) {
                LOG.error("job {} raised a fatal error", job.id(), error);
            }
            AbortReason reason = runningJob.abortReason();
            boolean aborted = error instanceof JobAbortedException
                    || reason != null && (error instanceof InterruptedException || Thread.currentThread().isInterrupted());
            if (aborted && reason != AbortReason.SHUTDOWN) {
                return new Outcome(JobStatus.ABORTED, null, error);
            }
            if (reason == AbortReason.USER_REQUEST || job.abortRequested()) {
                return new Outcome(JobStatus.FAILED, null, error);
            }
            Optional<RetryDecision> decision = Optional.empty();
            try {
                decision = definition.options().retry().decide(job, error, job.attempts(), app.clock().instant());
            } catch (RuntimeException strategyError) {
                LOG.error("retry strategy of task '{}' failed for job {}", job.taskName(), job.id(), strategyError);
            }
            if (decision.isPresent()) {
                return new Outcome(null, decision.get(), error);
            }
            return new Outcome(aborted ? JobStatus.ABORTED : JobStatus.FAILED, null, error);
        }
    }

    private void logOutcome(Job job, Outcome outcome, long millis) {
        switch (outcome.status) {
            case SUCCEEDED -> LOG.atInfo().addKeyValue("action", "job_success").addKeyValue("duration_ms", millis)
                    .log("job {} succeeded in {} ms", job.id(), millis);
            case ABORTED -> LOG.atInfo().addKeyValue("action", "job_aborted").addKeyValue("duration_ms", millis)
                    .log("job {} aborted after {} ms", job.id(), millis);
            default -> LOG.atError().addKeyValue("action", "job_error").addKeyValue("duration_ms", millis)
                    .setCause(outcome.error).log("job {} failed after {} ms", job.id(), millis);
        }
    }

    private void retry(RunningJob runningJob, RetryDecision decision, long millis, Throwable error) {
        Job job = runningJob.job;
        LOG.atWarn().addKeyValue("action", "job_error_retry").addKeyValue("duration_ms", millis).setCause(error)
                .log("job {} failed after {} ms, retrying at {}", job.id(), millis, decision.retryAt());
        FailureDetails failure = error == null ? null : FailureDetails.of(error);
        try {
            Optional<Boolean> written = persistence.write(() -> jobManager.retryOwnedJob(runningJob.claimedBy,
                    job.id(), decision, failure));
            if (written.isEmpty()) {
                LOG.atError().addKeyValue("action", "job_end_not_written").log("stopped before the database came "
                        + "back: the retry of job {} was not written; it runs again once this worker is gone",
                        job.id());
                return;
            } else if (!written.get()) {
                LOG.atWarn().addKeyValue("action", "job_end_refused").log("the retry of job {} was not written now: "
                        + "the job is no longer doing under this worker (an earlier try whose answer was lost wrote "
                        + "it, or the job was handed to another run, or deleted)", job.id());
            }
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue("action", "job_end_not_written").setCause(e).log("could not write the retry of "
                    + "job {} ({}): it stays doing and runs again once this worker is gone", job.id(), e.getMessage());
            return;
        }
        inHand.remove(job.id());
    }

    private void finish(RunningJob runningJob, JobStatus status, Throwable error) {
        Job job = runningJob.job;
        FailureDetails failure = status == JobStatus.FAILED && error != null ? FailureDetails.of(error) : null;
        finisher.submit(new Finisher.End(job.id(), runningJob.claimedBy, status, options.deleteJobs().deletes(status),
                failure, job.lock() != null));
    }

    private synchronized void heartbeat() {
        long id = membership.id();
        if (id == Membership.NONE) {
            return;
        }
        long sent = System.nanoTime();
        boolean registered;
        try {
            registered = jobManager.updateHeartbeat(id);
        } catch (RuntimeException e) {
            membership.heartbeatFailed();
            heartbeatDown = true;
            heartbeatOutage.failed(e);
            return;
        }
        heartbeatOutage.succeeded();
        if (!registered) {
            membership.heartbeatFailed();
            registrationLost(id, "its heartbeat found no row");
            return;
        }
        membership.heartbeatSucceeded(id, sent);
        if (heartbeatDown) {
            heartbeatDown = false;
            wakeup.signal();
            backoff.wake();
        }
    }

    /**
     * Reaps only right after a heartbeat of its own went through, and only when its heartbeats have gone through
     * for a whole timeout; the statements themselves also refuse to act if they waited through an outage.
     */
    private void reap(StalledJobReaper reaper) {
        heartbeat();
        long id = membership.id();
        if (!membership.healthyLongEnough()) {
            LOG.debug("not reaping: this worker's own heartbeats have not gone through for {} yet",
                    options.stalledWorkerTimeout());
            return;
        }
        try {
            reaper.reap(id);
            reaperOutage.succeeded();
        } catch (RuntimeException e) {
            reaperOutage.failed(e);
        }
    }

    private void deferPeriodic(dev.procrastinate.core.periodic.PeriodicDeferrer periodic) {
        try {
            periodic.deferDueTicks();
            periodicOutage.succeeded();
        } catch (RuntimeException e) {
            periodicOutage.failed(e);
        }
    }

    /**
     * Asks the database about the running jobs: those whose abort was requested are aborted, and those that are no
     * longer this worker's (re-run elsewhere after a prune, deleted) are stopped without writing their ends.
     */
    private void pollRunningJobs() {
        long id = membership.id();
        try {
            sweepLostClaims(id);
            if (running.isEmpty()) {
                pollOutage.succeeded();
                return;
            }
            for (Long jobId : jobManager.listJobsToAbort(new ArrayList<>(running.keySet()))) {
                requestAbort(jobId);
            }
            List<RunningJob> mine = running.values().stream().filter(job -> job.claimedBy == id).toList();
            if (id != Membership.NONE && !mine.isEmpty()) {
                List<Long> ids = mine.stream().map(job -> job.job.id()).toList();
                for (Long jobId : jobManager.listJobsNotOwned(id, ids)) {
                    RunningJob job = running.get(jobId);
                    if (job != null && !job.ending()) {
                        LOG.atWarn().addKeyValue("action", "job_ownership_lost").log("job {} is no longer this "
                                + "worker's (handed to another run, or deleted): stopping it", jobId);
                        job.abort(AbortReason.LOST_OWNERSHIP);
                    }
                }
            }
            pollOutage.succeeded();
        } catch (RuntimeException e) {
            pollOutage.failed(e);
        }
    }

    /**
     * Jobs {@code doing} under this worker's id that it does not hold: a claim whose commit went through but whose
     * answer was lost with the connection. Nobody else would ever run them while this worker is alive, so they are
     * put back to run again.
     */
    private void sweepLostClaims(long id) {
        if (id == Membership.NONE) {
            return;
        }
        List<Job> lost;
        synchronized (claiming) {
            lost = jobManager.listJobs(JobQuery.all().withWorkerId(id).withStatus(JobStatus.DOING)).stream()
                    .filter(job -> !inHand.contains(job.id())).toList();
        }
        for (Job job : lost) {
            if (jobManager.retryOwnedJob(id, job.id(), RetryDecision.at(app.clock().instant()), null)) {
                LOG.atWarn().addKeyValue("action", "lost_claim_released").addKeyValue("job_id", job.id())
                        .log("job {} was claimed by this worker but the claim's answer was lost with its "
                                + "connection: it is put back to run again", job.id());
            }
        }
    }

    private void requestAbort(long jobId) {
        RunningJob job = running.get(jobId);
        if (job != null) {
            LOG.atInfo().addKeyValue("action", "abort_job").log("abort requested for job {}", jobId);
            job.abort(AbortReason.USER_REQUEST);
        }
    }

    /** Unregisters, waiting 5 s at most: with the database gone, the others prune this worker instead. */
    private void unregister() {
        long id = membership.id();
        if (id == Membership.NONE) {
            return;
        }
        Thread call = new Thread(() -> {
            try {
                jobManager.unregisterWorker(id);
            } catch (RuntimeException e) {
                LOG.warn("could not unregister worker {}: {}", id, e.toString());
            }
        }, "procrastinate-" + options.name() + "-unregister");
        call.setDaemon(true);
        call.start();
        try {
            call.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (call.isAlive()) {
            LOG.warn("could not unregister worker {} within 5 s: the database does not answer; the other workers "
                    + "prune it after {}", id, options.stalledWorkerTimeout());
        }
    }

    private List<String> channels() {
        if (options.queues().isEmpty()) {
            return List.of("procrastinate_any_queue_v1");
        }
        return options.queues().stream().map(queue -> "procrastinate_queue_v1#" + queue).toList();
    }

    private static ThreadFactory threads(String prefix, boolean daemon) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(daemon);
            return thread;
        };
    }

    private final class Listener implements NotificationListener {

        @Override
        public void onNotification(Notification notification) {
            String payload = notification.payload();
            if (payload.contains("abort_job_requested")) {
                jobIdOf(payload).ifPresent(Worker.this::requestAbort);
            } else {
                wakeup.signal();
            }
        }

        @Override
        public void onListening() {
            wakeup.signal();
        }

        private Optional<Long> jobIdOf(String payload) {
            try {
                return Optional.of(((Number) app.json().toMap(payload).get("job_id")).longValue());
            } catch (Exception e) {
                LOG.debug("ignoring notification with payload {}", payload);
                return Optional.empty();
            }
        }
    }
}
