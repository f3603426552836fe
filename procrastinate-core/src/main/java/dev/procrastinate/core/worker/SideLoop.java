package dev.procrastinate.core.worker;

import java.time.Duration;

/**
 * One of the worker's side loops (heartbeat, abort polling, reaper, periodic deferrer, timeouts): a step run on its
 * own daemon thread every {@link #interval()}, from the worker's registration until it stops. A step must not throw
 * for a database outage: it logs and tries again at the next step. A new worker feature that runs on a schedule is a
 * new implementation handed to the worker's list of side loops.
 */
interface SideLoop {

    /** The thread's name within the worker, e.g. {@code "heartbeat"}. */
    String name();

    Duration interval();

    /** The wait before the first step; the interval by default. */
    default Duration initialDelay() {
        return interval();
    }

    void step();
}
