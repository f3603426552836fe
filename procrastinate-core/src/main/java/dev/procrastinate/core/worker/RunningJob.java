package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import java.time.Instant;

/** A job this worker is running: its thread, and whether and why it was asked to abort. */
final class RunningJob {

    final Job job;
    final Instant startedAt;
    private volatile Thread thread;
    private volatile AbortReason abortReason;

    RunningJob(Job job, Instant startedAt) {
        this.job = job;
        this.startedAt = startedAt;
    }

    synchronized void attach(Thread current) {
        this.thread = current;
        if (abortReason != null) {
            current.interrupt();
        }
    }

    synchronized void detach() {
        this.thread = null;
    }

    /** Marks the job as aborting and interrupts its thread; the first reason wins. */
    synchronized void abort(AbortReason reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    AbortReason abortReason() {
        return abortReason;
    }
}
