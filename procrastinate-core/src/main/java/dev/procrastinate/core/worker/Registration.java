package dev.procrastinate.core.worker;

import dev.procrastinate.api.Backoff;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.api.ProcrastinateException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's registration in {@code procrastinate_workers}: registering (through outages), registering again
 * when the registration was lost, and unregistering at the end. What the worker knows of it is in
 * {@link Membership}.
 */
final class Registration {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final WorkerStore store;
    private final Membership membership;
    private final RunningJobs running;
    private final Wakeup wakeup;
    private final StopRequests stop;
    private final Backoff backoff;
    private final Duration stalledWorkerTimeout;
    private final String threadName;

    Registration(WorkerStore store, Membership membership, RunningJobs running, Wakeup wakeup, StopRequests stop,
            Backoff backoff, Duration stalledWorkerTimeout, String threadName) {
        this.store = store;
        this.membership = membership;
        this.running = running;
        this.wakeup = wakeup;
        this.stop = stop;
        this.backoff = backoff;
        this.stalledWorkerTimeout = stalledWorkerTimeout;
        this.threadName = threadName;
    }

    Membership membership() {
        return membership;
    }

    /**
     * Registers, retrying through outages; false when a stop came first. A non-transient failure is thrown at start
     * ({@code first}: the schema is missing, say) and retried later on, when the worker is already running.
     * Silent workers are not pruned here, unlike upstream: after an outage every worker's heartbeat is late, and
     * pruning them before they could send one would hand their running jobs to a second run.
     */
    boolean register(boolean first) {
        OutageLog outage = new OutageLog(LOG, "register_worker");
        int failures = 0;
        while (!stop.stopping()) {
            try {
                long sent = System.nanoTime();
                long id = store.registerWorker();
                membership.registered(id, sent);
                outage.succeeded();
                return true;
            } catch (ProcrastinateException e) {
                if (first && !e.isTransient()) {
                    throw e;
                }
                outage.failed(e);
                if (!wakeup.pause(backoff.delay(++failures), stop)) {
                    return false;
                }
            }
        }
        return false;
    }

    /** Waits while another thread registers again (after a lost registration). */
    void awaitRegistering() {
        synchronized (this) {
            // Entering the monitor is the wait: registrationLost holds it until it registered again.
            membership.id();
        }
    }

    /**
     * The registration {@code lostId} is gone: stop the jobs claimed under it (their ends are not written: they
     * are another run's now), register again and go on. Called by whichever thread finds out first; the others
     * wait here and then see the new id.
     */
    synchronized void lost(long lostId, String how) {
        if (membership.id() != lostId) {
            return;
        }
        membership.lost();
        List<RunningJob> orphans = running.all().stream().filter(job -> job.claimedBy == lostId).toList();
        LOG.atWarn().addKeyValue("action", "worker_registration_lost").log("worker {} is no longer registered "
                + "({}): it was pruned after sending no heartbeat for more than {} (frozen or cut off). It owns "
                + "none of its {} running job(s) {}: stopping them without writing their ends (they run again "
                + "elsewhere), and registering again", lostId, how, stalledWorkerTimeout,
                orphans.size(), orphans.stream().map(job -> job.job.id()).toList());
        orphans.forEach(job -> job.abort(AbortReason.LOST_OWNERSHIP));
        if (register(false)) {
            LOG.atWarn().addKeyValue("action", "worker_registered_again")
                    .log("worker registered again as {} (was {})", membership.id(), lostId);
        }
        wakeup.signal();
    }

    /** Unregisters, waiting 5 s at most: with the database gone, the others prune this worker instead. */
    void unregister() {
        long id = membership.id();
        if (id == Membership.NONE) {
            return;
        }
        Thread call = new Thread(() -> {
            try {
                store.unregisterWorker(id);
            } catch (RuntimeException e) {
                LOG.warn("could not unregister worker {}: {}", id, e.toString());
            }
        }, threadName);
        call.setDaemon(true);
        call.start();
        try {
            call.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (call.isAlive()) {
            LOG.warn("could not unregister worker {} within 5 s: the database does not answer; the other workers "
                    + "prune it after {}", id, stalledWorkerTimeout);
        }
    }
}
