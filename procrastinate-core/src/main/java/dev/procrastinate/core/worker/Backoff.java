package dev.procrastinate.core.worker;

import java.time.Duration;

/**
 * The pause before a failed database call is tried again: 200 ms doubling up to a cap, cut short when the worker
 * learns that the database is back (its heartbeat went through again) or when it is stopping.
 */
final class Backoff {

    static final Duration MAX = Duration.ofSeconds(10);

    private long generation;

    /** The pause after {@code failures} failures in a row. */
    static Duration delay(int failures) {
        return Duration.ofMillis(Math.min(MAX.toMillis(), 100L << Math.min(Math.max(failures, 1), 10)));
    }

    /** Waits {@link #delay(int)}, or less if {@link #wake()} is called meanwhile; false when interrupted. */
    synchronized boolean await(int failures) {
        long start = generation;
        long deadline = System.nanoTime() + delay(failures).toNanos();
        try {
            while (generation == start) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                wait(left / 1_000_000, (int) (left % 1_000_000));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends every wait under way: the database answers again, or the worker stops. */
    synchronized void wake() {
        generation++;
        notifyAll();
    }
}
