package dev.procrastinate.core.worker;

import dev.procrastinate.api.Backoff;

/**
 * Waits out the pause of a {@link Backoff} before a failed database call is tried again, cut short when the worker
 * learns that the database is back (its heartbeat went through again) or when it is stopping. The pauses are the
 * back-off's; this class only waits.
 */
final class BackoffWait {

    private final Backoff backoff;
    private long generation;

    BackoffWait(Backoff backoff) {
        this.backoff = backoff;
    }

    /** The pause after {@code failures} failures in a row. */
    java.time.Duration delay(int failures) {
        return backoff.delay(failures);
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
