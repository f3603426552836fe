package dev.procrastinate.core.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stop requests a worker received: the first asks for a graceful stop, the second forces it. Every room asks
 * here whether to go on. Ends that the database does not take are given up on a forced stop, or once a stop has
 * waited {@code stalledWorkerTimeout} for a database that does not come back (the jobs then stay {@code doing} and
 * run again once this worker's registration is pruned, as if it had died).
 */
final class StopRequests {

    private final AtomicInteger requests = new AtomicInteger();
    private final long writeLimitNanos;
    private volatile long firstAt;

    StopRequests(Duration stalledWorkerTimeout) {
        this.writeLimitNanos = stalledWorkerTimeout.toNanos();
    }

    /** Records a request; returns how many there were, this one included. */
    int request() {
        int count = requests.incrementAndGet();
        if (count == 1) {
            firstAt = System.nanoTime();
        }
        return count;
    }

    boolean stopping() {
        return requests.get() > 0;
    }

    boolean forced() {
        return requests.get() > 1;
    }

    boolean givingUpOnWrites() {
        return forced() || stopping() && System.nanoTime() - firstAt > writeLimitNanos;
    }

    /** Until when ({@link System#nanoTime()}) the ends still queued are tried: the write limit after the stop. */
    long endsDeadline() {
        return (stopping() ? firstAt : System.nanoTime()) + writeLimitNanos;
    }
}
