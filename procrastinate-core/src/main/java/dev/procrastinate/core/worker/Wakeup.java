package dev.procrastinate.core.worker;

import java.time.Duration;

/** A latch the fetch loop sleeps on: a notification, a freed lock or a stop request opens it. */
final class Wakeup {

    private boolean signalled;

    synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    /** Waits until signalled or the timeout passes; consumes the signal. */
    synchronized void await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!signalled) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        signalled = false;
    }

    /** Sleeps before a failed database call is tried again, cut short by a signal; false when a stop came meanwhile. */
    boolean pause(Duration delay, StopRequests stop) {
        try {
            await(delay);
        } catch (InterruptedException e) {
            return !stop.stopping();
        }
        return !stop.stopping();
    }
}
