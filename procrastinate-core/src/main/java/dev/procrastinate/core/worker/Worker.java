package dev.procrastinate.core.worker;

import dev.procrastinate.api.Backoff;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Takes jobs from the database and runs them on {@code concurrency} threads.
 *
 * <p>The worker is the assembly of its rooms, which it starts and stops: the {@link Fetcher} claims jobs for the
 * free slots and sleeps when the queues are empty; the {@link JobRunner} runs one job (its context, middleware and
 * retry decision); the {@link Finisher} writes the ends; {@link Registration} holds the worker's row; and the side
 * loops ({@link Heartbeat}, {@link AbortPolling}, {@link StalledJobReaper}, {@link PeriodicDeferring},
 * {@link Timeouts}) run on their
 * own threads, and keep doing so while a stop waits for running jobs. Database errors never end the worker: it
 * logs, backs off and retries; while LISTEN is down it polls.
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

    private final WorkerOptions options;
    private final Optional<Connector> listenOn;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final StopRequests stop;
    private final Wakeup wakeup = new Wakeup();
    private final BackoffWait backoff = new BackoffWait(Backoff.DATABASE_CALLS);
    private final RunningJobs running = new RunningJobs();
    private final Membership membership;
    private final Registration registration;
    private final Finisher finisher;
    private final Fetcher fetcher;
    private final JobRunner runner;
    private final Notifications notifications;
    private final List<SideLoop> sideLoops = new ArrayList<>();
    private volatile Subscription subscription;

    public Worker(WorkerSetup setup, WorkerOptions options) {
        this.options = options;
        this.listenOn = options.listenNotify() ? setup.listenOn() : Optional.empty();
        String prefix = "procrastinate-" + options.name();
        this.stop = new StopRequests(options.stalledWorkerTimeout());
        this.membership = new Membership(options.stalledWorkerTimeout(), options.updateHeartbeatInterval());
        this.registration = new Registration(setup.store(), membership, running, wakeup, stop,
                Backoff.DATABASE_CALLS, options.stalledWorkerTimeout(), prefix + "-unregister");
        Persistence persistence = new Persistence(new OutageLog(LOG, "finish_job"), backoff, stop::givingUpOnWrites);
        this.finisher = new Finisher(prefix + "-finisher", setup.store(), persistence, options.deleteJobs(),
                wakeup::signal, !options.waitForJobs(), running::endWritten);
        this.runner = new JobRunner(setup.tasks(), setup.store(), setup.jobManager(), setup.json(), options,
                membership, running, finisher, backoff, stop, setup.clock());
        this.fetcher = new Fetcher(setup.store(), options, registration, running, finisher::pending, wakeup, stop,
                Backoff.DATABASE_CALLS, setup.clock());
        Heartbeat heartbeat = new Heartbeat(setup.store(), registration, options.updateHeartbeatInterval(), () -> {
            wakeup.signal();
            backoff.wake();
        });
        AbortPolling abortPolling = new AbortPolling(setup.store(), membership, running, setup.clock(),
                options.abortJobPollingInterval());
        this.notifications = new Notifications(setup.json(), wakeup, abortPolling::requestAbort);
        sideLoops.add(heartbeat);
        sideLoops.add(abortPolling);
        if (options.reapStalledJobs()) {
            sideLoops.add(new StalledJobReaper(setup.store(), setup.tasks(), setup.clock(),
                    options.stalledWorkerTimeout(), options.queues(), options.maxRecoveries(), heartbeat, membership));
        }
        setup.periodic().ifPresent(periodic -> sideLoops.add(new PeriodicDeferring(periodic)));
        sideLoops.add(new Timeouts(running, setup.clock(), options.timeoutGrace(), runner::abandon));
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
        return running.ids();
    }

    /**
     * How many runs ignored the interrupt of their timeout for the whole {@code timeoutGrace}, so that the worker
     * freed their slot, wrote their end and abandoned their thread, since it was created.
     */
    public long stuckRuns() {
        return runner.stuckRuns();
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
        String prefix = "procrastinate-" + options.name();
        ExecutorService jobThreads = Executors.newCachedThreadPool(daemonThreads(prefix + "-job-"));
        SideLoops loops = null;
        finisher.start();
        try {
            if (!registration.register(true)) {
                return;
            }
            loops = SideLoops.start(prefix + "-", sideLoops);
            if (listenOn.isPresent()) {
                subscription = listenOn.get().listen(Notifications.channels(options.queues()), notifications);
            }
            LOG.atInfo().addKeyValue("action", "start_worker").log("worker '{}' (id {}) started on {}",
                    options.name(), membership.id(), options.queues().isEmpty() ? "all queues" : options.queues());
            fetcher.run(jobThreads, runner);
            drain();
        } finally {
            jobThreads.shutdownNow();
            if (!finisher.close(stop.endsDeadline())) {
                LOG.atError().addKeyValue("action", "job_end_not_written").log("gave up writing {} job end(s): the "
                        + "database did not answer within {} of the stop; those jobs stay doing and run again once "
                        + "this worker's registration is pruned", finisher.pending(), options.stalledWorkerTimeout());
            }
            if (subscription != null) {
                subscription.close();
            }
            if (loops != null) {
                loops.stop();
            }
            registration.unregister();
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
        int requests = stop.request();
        state.compareAndSet(State.RUNNING, State.STOPPING);
        if (requests == 1) {
            LOG.atInfo().addKeyValue("action", "stopping_worker")
                    .log("stop requested: finishing {} running job(s)", running.size());
        } else if (requests == 2) {
            LOG.atWarn().addKeyValue("action", "aborting_jobs").log("second stop request: aborting running jobs");
            running.abortAll(AbortReason.SHUTDOWN);
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

    /** Waits for the running jobs: for the graceful timeout if there is one, then aborts them and waits on. */
    private void drain() {
        try {
            Optional<Duration> timeout = options.shutdownGracefulTimeout();
            if (timeout.isPresent() && !running.awaitEmpty(timeout.get())) {
                LOG.atWarn().addKeyValue("action", "shutdown_timeout")
                        .log("graceful timeout {} passed: aborting {} running job(s)", timeout.get(), running.size());
                running.abortAll(AbortReason.SHUTDOWN);
            }
            while (!running.awaitEmpty(Duration.ofSeconds(1))) {
                LOG.debug("waiting for running jobs {}", running.ids());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.abortAll(AbortReason.SHUTDOWN);
        }
    }

    /** Job threads are daemons: a run abandoned after its timeout must not keep the JVM alive. */
    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
