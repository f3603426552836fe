package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import dev.procrastinate.core.task.TaskDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A job this worker is running: its thread, whether and why it was asked to abort, and who writes its end. The end
 * is written once: by the job's thread when the run returns, or by the timeout watch when the run ignored its
 * interrupt past the grace period ({@link #claimEnd()} decides which).
 */
final class RunningJob {

    final Job job;
    final Instant startedAt;
    /** The worker id the job was claimed under, and when ({@link System#nanoTime()} when the claim was sent). */
    final long claimedBy;
    final long claimedAt;
    private final Runnable onRelease;
    private final AtomicBoolean endClaimed = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile Thread thread;
    private volatile AbortReason abortReason;
    private volatile boolean ending;
    private volatile TaskDefinition task;
    private volatile long runStartNanos;
    private volatile Duration timeout;
    private volatile Instant deadline;
    private volatile Instant timedOutAt;

    /** {@code onRelease} runs once, when the job gives its slot back. */
    RunningJob(Job job, Instant startedAt, long claimedBy, long claimedAt, Runnable onRelease) {
        this.job = job;
        this.startedAt = startedAt;
        this.claimedBy = claimedBy;
        this.claimedAt = claimedAt;
        this.onRelease = onRelease;
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

    /** The thread running the job, or null before it starts and once it returned. */
    Thread thread() {
        return thread;
    }

    /**
     * The run of {@code task} starts now ({@code startNanos}, {@link System#nanoTime()}); with a {@code timeout} it
     * must end by {@code deadline}.
     */
    void running(TaskDefinition task, long startNanos, Duration timeout, Instant deadline) {
        this.task = task;
        this.runStartNanos = startNanos;
        this.timeout = timeout;
        this.deadline = deadline;
    }

    TaskDefinition task() {
        return task;
    }

    long runStartNanos() {
        return runStartNanos;
    }

    Duration timeout() {
        return timeout;
    }

    /** When the run must end, or null when it has no timeout (or has not started). */
    Instant deadline() {
        return deadline;
    }

    /** Marks the run as timed out at {@code now} and interrupts its thread; false when it already was. */
    synchronized boolean timeOut(Instant now) {
        if (timedOutAt != null) {
            return false;
        }
        timedOutAt = now;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
        return true;
    }

    /** When the run was interrupted for its timeout, or null. */
    Instant timedOutAt() {
        return timedOutAt;
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

    /** True for the one caller that writes this run's end; false for any later one. */
    boolean claimEnd() {
        return endClaimed.compareAndSet(false, true);
    }

    /** True for the first call only: the caller then gives the slot back through {@link #onRelease()}. */
    boolean markReleased() {
        return released.compareAndSet(false, true);
    }

    Runnable onRelease() {
        return onRelease;
    }
}
