package dev.procrastinate.core.worker;

import java.time.Duration;

/**
 * What this worker knows of its own registration: the id it holds, when the database last proved that id was still
 * registered (a heartbeat that touched its row, a claim that passed the foreign key), and since when its heartbeats
 * have gone through without a gap. Times are {@link System#nanoTime()} readings taken when the proving statement was
 * sent, so that the database's view can only be younger: if the registration was proved less than
 * {@code stalledWorkerTimeout} ago, nobody can have pruned it.
 */
final class Membership {

    static final long NONE = -1;

    private final long stalledNanos;
    private final long toleranceNanos;
    private volatile long workerId = NONE;
    private volatile long confirmedAt;
    private volatile long lastHeartbeatAt;
    private volatile long healthySince = Long.MIN_VALUE;

    /**
     * The gap tolerated between two proofs is {@code stalledWorkerTimeout - updateHeartbeatInterval}: a live worker
     * that was cut off no longer than that (as this one may have been) has a heartbeat at most
     * {@code stalledWorkerTimeout} old, so it cannot have been pruned, and cannot be pruned by us.
     */
    Membership(Duration stalledWorkerTimeout, Duration updateHeartbeatInterval) {
        this.stalledNanos = stalledWorkerTimeout.toNanos();
        this.toleranceNanos = stalledNanos - updateHeartbeatInterval.toNanos();
    }

    /** The registered id, or {@link #NONE} while (re-)registering. */
    long id() {
        return workerId;
    }

    synchronized void registered(long id, long sentAt) {
        workerId = id;
        confirmedAt = sentAt;
        lastHeartbeatAt = sentAt;
        healthySince = sentAt;
    }

    /** The registration is gone; nothing may be claimed or started under the old id. */
    synchronized void lost() {
        workerId = NONE;
        healthySince = Long.MIN_VALUE;
    }

    /** A statement sent at {@code sentAt} proved that {@code id} was registered. */
    synchronized void confirmed(long id, long sentAt) {
        if (id == workerId && sentAt - confirmedAt > 0) {
            confirmedAt = sentAt;
        }
    }

    /** A heartbeat sent at {@code sentAt} went through; a gap since the previous one (a freeze) restarts the run. */
    synchronized void heartbeatSucceeded(long id, long sentAt) {
        if (id != workerId) {
            return;
        }
        if (healthySince == Long.MIN_VALUE || sentAt - lastHeartbeatAt > toleranceNanos) {
            healthySince = sentAt;
        }
        lastHeartbeatAt = sentAt;
        confirmed(id, sentAt);
    }

    synchronized void heartbeatFailed() {
        healthySince = Long.MIN_VALUE;
    }

    /** Whether {@code id} is ours and was proved registered recently enough that nobody can have pruned it. */
    boolean fresh(long id, long since) {
        long proved = Math.max(confirmedAt, since);
        return id == workerId && System.nanoTime() - proved < toleranceNanos;
    }

    /**
     * Whether heartbeats have gone through without a gap for at least {@code stalledWorkerTimeout}, the last one
     * recently: only then has every other live worker had the time to send one, so only then may this worker prune
     * the silent ones. A heartbeat blocked through an outage records no failure, hence the check on the last one.
     */
    boolean healthyLongEnough() {
        long since = healthySince;
        long now = System.nanoTime();
        return since != Long.MIN_VALUE && workerId != NONE && now - since >= stalledNanos
                && now - lastHeartbeatAt < toleranceNanos;
    }
}
