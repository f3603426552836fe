package dev.procrastinate.core.worker;

import dev.procrastinate.api.Backoff;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.WorkerNotRegisteredException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch loop: claims as many jobs as there are free slots in one round trip, hands each to a job thread, and
 * when the queues are empty sleeps until a NOTIFY, a freed lock or slot, the polling interval or a stop. A claim
 * refused because the registration is gone registers again; a database error backs off and tries again.
 */
final class Fetcher {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final WorkerStore store;
    private final List<String> queues;
    private final boolean waitForJobs;
    private final Duration pollingInterval;
    private final Registration registration;
    private final RunningJobs running;
    private final IntSupplier endsInFlight;
    private final Wakeup wakeup;
    private final StopRequests stop;
    private final Backoff backoff;
    private final Clock clock;
    private final Semaphore slots;
    private final OutageLog outage = new OutageLog(LOG, "fetch_jobs");

    /** {@code endsInFlight}: how many ends are still being written (a one-shot worker waits for them). */
    Fetcher(WorkerStore store, WorkerOptions options, Registration registration, RunningJobs running,
            IntSupplier endsInFlight, Wakeup wakeup, StopRequests stop, Backoff backoff, Clock clock) {
        this.store = store;
        this.queues = options.queues();
        this.waitForJobs = options.waitForJobs();
        this.pollingInterval = options.fetchJobPollingInterval();
        this.registration = registration;
        this.running = running;
        this.endsInFlight = endsInFlight;
        this.wakeup = wakeup;
        this.stop = stop;
        this.backoff = backoff;
        this.clock = clock;
        this.slots = new Semaphore(options.concurrency());
    }

    /** Claims and hands out jobs until a stop, or until a one-shot worker finds nothing left to do. */
    void run(Executor jobThreads, JobRunner runner) {
        int failures = 0;
        Membership membership = registration.membership();
        while (!stop.stopping()) {
            try {
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                if (stop.stopping()) {
                    return;
                }
                continue;
            }
            if (stop.stopping()) {
                slots.release();
                return;
            }
            long id = membership.id();
            if (id == Membership.NONE) {
                slots.release();
                registration.awaitRegistering();
                continue;
            }
            int free = 1 + slots.drainPermits();
            boolean quiet = running.isEmpty() && endsInFlight.getAsInt() == 0;
            long sent = System.nanoTime();
            List<Job> jobs;
            try {
                jobs = running.claim(() -> store.fetchJobs(queues, id, free));
                outage.succeeded();
                failures = 0;
            } catch (WorkerNotRegisteredException e) {
                slots.release(free);
                registration.lost(id, "a claim was refused: " + e.getMessage());
                continue;
            } catch (ProcrastinateException e) {
                slots.release(free);
                outage.failed(e);
                if (!wakeup.pause(backoff.delay(++failures), stop)) {
                    return;
                }
                continue;
            }
            if (!jobs.isEmpty()) {
                membership.confirmed(id, sent);
            }
            slots.release(free - jobs.size());
            for (Job job : jobs) {
                RunningJob runningJob = new RunningJob(job, clock.instant(), id, sent, this::slotFreed);
                running.started(runningJob);
                jobThreads.execute(() -> runner.run(runningJob));
            }
            if (jobs.size() < free) {
                if (!waitForJobs && jobs.isEmpty() && quiet) {
                    return;
                }
                // Waiting for work; a one-shot worker also waits here for the jobs it runs and the ends in flight,
                // since a job that ends may free a lock another job waits on.
                try {
                    wakeup.await(pollingInterval);
                } catch (InterruptedException e) {
                    if (stop.stopping()) {
                        return;
                    }
                }
            }
        }
    }

    private void slotFreed() {
        slots.release();
        if (!waitForJobs) {
            wakeup.signal();
        }
    }
}
