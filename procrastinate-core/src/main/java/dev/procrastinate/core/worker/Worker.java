package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobAbortedException;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.Notification;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.TaskNotFoundException;
import dev.procrastinate.api.Subscription;
import dev.procrastinate.core.App;
import dev.procrastinate.core.task.TaskDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>{@link #run()} blocks; {@link #start()} runs the same in a background thread. {@link #stop()} asks for a
 * graceful stop (the first call) and aborts running jobs (the second call).
 */
public final class Worker implements AutoCloseable {

    /** Lifecycle of a worker. */
    public enum State { NEW, RUNNING, STOPPING, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final App app;
    private final JobManager jobManager;
    private final WorkerOptions options;
    private final Wakeup wakeup = new Wakeup();
    private final Semaphore slots;
    private final Map<Long, RunningJob> running = new ConcurrentHashMap<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicInteger stopRequests = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final OutageLog fetchOutage = new OutageLog(LOG, "fetch_jobs");
    private final OutageLog heartbeatOutage = new OutageLog(LOG, "update_heartbeat");
    private final OutageLog finishOutage = new OutageLog(LOG, "finish_job");
    private final OutageLog reaperOutage = new OutageLog(LOG, "reap_stalled_jobs");
    private final OutageLog periodicOutage = new OutageLog(LOG, "defer_periodic_jobs");
    private volatile Long workerId;
    private volatile Subscription subscription;
    private Finisher finisher;

    public Worker(App app, WorkerOptions options) {
        this.app = app;
        this.jobManager = app.jobManager();
        this.options = options;
        this.slots = new Semaphore(options.concurrency());
    }

    public WorkerOptions options() {
        return options;
    }

    public State state() {
        return state.get();
    }

    /** The id this worker registered under, once running. */
    public Optional<Long> workerId() {
        return Optional.ofNullable(workerId);
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
        finisher = new Finisher("procrastinate-" + options.name() + "-finisher", jobManager, this::persist,
                wakeup::signal);
        try {
            if (!register()) {
                return;
            }
            sideLoops.scheduleWithFixedDelay(this::heartbeat, options.updateHeartbeatInterval().toMillis(),
                    options.updateHeartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
            sideLoops.scheduleWithFixedDelay(this::pollAborts, options.abortJobPollingInterval().toMillis(),
                    options.abortJobPollingInterval().toMillis(), TimeUnit.MILLISECONDS);
            if (options.reapStalledJobs()) {
                StalledJobReaper reaper = new StalledJobReaper(jobManager, app.tasks(), app.clock(),
                        options.stalledWorkerTimeout(), options.queues());
                long every = options.stalledWorkerTimeout().toMillis();
                sideLoops.scheduleWithFixedDelay(() -> reap(reaper), 0, every, TimeUnit.MILLISECONDS);
            }
            app.periodicDeferrer().ifPresent(periodic -> sideLoops.scheduleWithFixedDelay(
                    () -> deferPeriodic(periodic), 0, 1, TimeUnit.SECONDS));
            if (options.listenNotify() && app.hasConnector()) {
                subscription = app.connector().listen(channels(), new Listener());
            }
            LOG.atInfo().addKeyValue("action", "start_worker").log("worker '{}' (id {}) started on {}",
                    options.name(), workerId, options.queues().isEmpty() ? "all queues" : options.queues());
            fetchLoop(jobThreads);
            drain(jobThreads);
        } finally {
            jobThreads.shutdownNow();
            finisher.close();
            if (subscription != null) {
                subscription.close();
            }
            sideLoops.shutdownNow();
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
            LOG.atInfo().addKeyValue("action", "stopping_worker")
                    .log("stop requested: finishing {} running job(s)", running.size());
        } else if (requests == 2) {
            LOG.atWarn().addKeyValue("action", "aborting_jobs").log("second stop request: aborting running jobs");
            abortAll(AbortReason.SHUTDOWN);
        }
        wakeup.signal();
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

    private boolean register() {
        OutageLog outage = new OutageLog(LOG, "register_worker");
        int failures = 0;
        while (!stopping()) {
            try {
                List<Long> pruned = jobManager.pruneStalledWorkers(options.stalledWorkerTimeout());
                if (!pruned.isEmpty()) {
                    LOG.atInfo().addKeyValue("action", "prune_stalled_workers").log("pruned stalled workers {}", pruned);
                }
                workerId = jobManager.registerWorker();
                outage.succeeded();
                return true;
            } catch (ProcrastinateException e) {
                if (!e.isTransient()) {
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

    private void fetchLoop(ExecutorService jobThreads) {
        int failures = 0;
        while (!stopping()) {
            int free;
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
            free = 1 + slots.drainPermits();
            List<Job> jobs;
            try {
                jobs = jobManager.fetchJobs(options.queues(), workerId, free);
                fetchOutage.succeeded();
                failures = 0;
            } catch (ProcrastinateException e) {
                slots.release(free);
                fetchOutage.failed(e);
                if (!backoff(++failures)) {
                    return;
                }
                continue;
            }
            slots.release(free - jobs.size());
            for (Job job : jobs) {
                RunningJob runningJob = new RunningJob(job, app.clock().instant());
                running.put(job.id(), runningJob);
                jobThreads.execute(() -> runJob(runningJob));
            }
            if (jobs.size() < free) {
                if (!options.waitForJobs()) {
                    return;
                }
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
        long millis = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(failures, 10));
        try {
            wakeup.await(Duration.ofMillis(millis));
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
        notifyListeners(listener -> listener.jobStarted(job));
        try {
            Optional<TaskDefinition> definition = app.tasks().find(job.taskName());
            if (definition.isEmpty()) {
                LOG.atError().addKeyValue("action", "task_not_found")
                        .log("job {}: task '{}' not found; registered: {}", job.id(), job.taskName(),
                                app.tasks().names());
                finish(job, JobStatus.FAILED);
                Throwable notFound = new TaskNotFoundException(job.taskName(), app.tasks().names());
                ended(job, JobListener.JobOutcome.FAILED, start, notFound);
                return;
            }
            LOG.atDebug().addKeyValue("action", "start_job").log("starting job {}", job);
            Outcome outcome = execute(runningJob, definition.get());
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (outcome.retry != null) {
                retry(job, outcome.retry, millis, outcome.error);
                ended(job, JobListener.JobOutcome.RETRIED, start, outcome.error);
            } else {
                logOutcome(job, outcome, millis);
                finish(job, outcome.status);
                ended(job, outcomeOf(outcome.status), start, outcome.error);
            }
        } finally {
            runningJob.detach();
            Thread.interrupted();
            running.remove(job.id());
            slots.release();
            MDC.remove("job_id");
            MDC.remove("task");
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
                    .run(new WorkerJobContext(runningJob, app.json(), options, jobManager));
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

    private void retry(Job job, RetryDecision decision, long millis, Throwable error) {
        LOG.atWarn().addKeyValue("action", "job_error_retry").addKeyValue("duration_ms", millis).setCause(error)
                .log("job {} failed after {} ms, retrying at {}", job.id(), millis, decision.retryAt());
        persist(() -> jobManager.retryJob(job.id(), decision.retryAt(), decision.priority(), decision.queueName(),
                decision.lock()));
    }

    private void finish(Job job, JobStatus status) {
        finisher.submit(job, status, options.deleteJobs().deletes(status));
    }

    /**
     * Records a job's end, retrying through a database outage so that no result is lost; gives up only when the
     * worker is forced to stop, leaving the job {@code doing} for the stalled-job reaper.
     */
    private void persist(Runnable write) {
        persist(write, false);
    }

    private void persist(Runnable write, boolean rethrow) {
        int failures = 0;
        while (true) {
            try {
                write.run();
                finishOutage.succeeded();
                return;
            } catch (ProcrastinateException e) {
                if (!e.isTransient()) {
                    if (rethrow) {
                        throw e;
                    }
                    LOG.error("could not record the end of the job", e);
                    return;
                }
                finishOutage.failed(e);
                if (stopRequests.get() > 1) {
                    return;
                }
                try {
                    Thread.sleep(Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(++failures, 10)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void heartbeat() {
        try {
            jobManager.updateHeartbeat(workerId);
            heartbeatOutage.succeeded();
        } catch (RuntimeException e) {
            heartbeatOutage.failed(e);
        }
    }

    private void reap(StalledJobReaper reaper) {
        try {
            reaper.reap();
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

    private void pollAborts() {
        if (running.isEmpty()) {
            return;
        }
        try {
            for (Long id : jobManager.listJobsToAbort(new ArrayList<>(running.keySet()))) {
                requestAbort(id);
            }
        } catch (RuntimeException e) {
            LOG.debug("abort polling failed: {}", e.toString());
        }
    }

    private void requestAbort(long jobId) {
        RunningJob job = running.get(jobId);
        if (job != null) {
            LOG.atInfo().addKeyValue("action", "abort_job").log("abort requested for job {}", jobId);
            job.abort(AbortReason.USER_REQUEST);
        }
    }

    private void unregister() {
        Long id = workerId;
        if (id == null) {
            return;
        }
        try {
            jobManager.unregisterWorker(id);
        } catch (RuntimeException e) {
            LOG.warn("could not unregister worker {}: {}", id, e.toString());
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
                return Optional.of(app.json().mapper().readTree(payload).path("job_id").asLong());
            } catch (Exception e) {
                LOG.debug("ignoring notification with payload {}", payload);
                return Optional.empty();
            }
        }
    }
}
