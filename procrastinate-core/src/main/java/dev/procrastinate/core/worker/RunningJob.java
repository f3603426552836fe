package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import java.time.Instant;

/** A job this worker is running: its thread, and whether and why it was asked to abort. */
final class RunningJob {

    final Job job;
    final Instant startedAt;
    /** The worker id the job was claimed under, and when ({@link System#nanoTime()} when the claim was sent). */
    final long claimedBy;
    final long claimedAt;
    private volatile Thread thread;
    private volatile AbortReason abortReason;
    private volatile boolean ending;

    RunningJob(Job job, Instant startedAt, long claimedBy, long claimedAt) {
        this.job = job;
        this.startedAt = startedAt;
        this.claimedBy = claimedBy;
        this.claimedAt = claimedAt;
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

    /** The run is over and its end is being written: the database may already show it ended. */
    void markEnding() {
        ending = true;
    }

    boolean ending() {
        return ending;
    }

    AbortReason abortReason() {
        return abortReason;
    }
}
