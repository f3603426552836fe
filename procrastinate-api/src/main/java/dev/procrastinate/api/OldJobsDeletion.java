package dev.procrastinate.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Which finished jobs {@link JobManager#deleteOldJobs} deletes: those whose last event is older than {@code maxAge},
 * {@code succeeded} always, {@code failed}, {@code cancelled} and {@code aborted} when included, in one queue or in
 * every queue ({@code queueName} null). Upstream's {@code delete_old_jobs(nb_hours, queue, include_failed,
 * include_cancelled, include_aborted)}. Start with {@link #olderThan(Duration)}:
 * {@code OldJobsDeletion.olderThan(Duration.ofDays(2)).inQueue("emails").includingFailed()}. Immutable.
 */
public record OldJobsDeletion(Duration maxAge, String queueName, boolean includeFailed, boolean includeCancelled,
        boolean includeAborted) {

    /**
     * @throws NullPointerException when {@code maxAge} is null
     * @throws IllegalArgumentException when {@code maxAge} is negative, or {@code queueName} is empty
     */
    public OldJobsDeletion {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("the age of jobs to delete must be 0 or more, not " + maxAge);
        }
        if (queueName != null && queueName.isEmpty()) {
            throw new IllegalArgumentException("the queue of jobs to delete must be null (every queue) or a name");
        }
    }

    /** {@code succeeded} jobs of every queue whose last event is older than {@code maxAge}. */
    public static OldJobsDeletion olderThan(Duration maxAge) {
        return new OldJobsDeletion(maxAge, null, false, false, false);
    }

    /** Only jobs of this queue ({@code null}: every queue). */
    public OldJobsDeletion inQueue(String value) {
        return new OldJobsDeletion(maxAge, value, includeFailed, includeCancelled, includeAborted);
    }

    /** {@code failed} jobs too. */
    public OldJobsDeletion includingFailed() {
        return new OldJobsDeletion(maxAge, queueName, true, includeCancelled, includeAborted);
    }

    /** {@code cancelled} jobs too. */
    public OldJobsDeletion includingCancelled() {
        return new OldJobsDeletion(maxAge, queueName, includeFailed, true, includeAborted);
    }

    /** {@code aborted} jobs too. */
    public OldJobsDeletion includingAborted() {
        return new OldJobsDeletion(maxAge, queueName, includeFailed, includeCancelled, true);
    }
}
