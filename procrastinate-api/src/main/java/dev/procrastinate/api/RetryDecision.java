package dev.procrastinate.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Run a job again at {@code retryAt}; non-null {@code priority}, {@code queueName} and {@code lock} replace the
 * job's own. What a {@link RetryStrategy} decides for a failed run, and what {@link JobManager#retryJob} applies to
 * a {@code failed} or {@code doing} job: {@code RetryDecision.at(now).withQueue("slow")}. Immutable.
 */
public record RetryDecision(Instant retryAt, Integer priority, String queueName, String lock) {

    /**
     * @throws NullPointerException when {@code retryAt} is null
     */
    public RetryDecision {
        Objects.requireNonNull(retryAt, "retryAt");
    }

    /** At {@code retryAt}, with the job's own priority, queue and lock. */
    public static RetryDecision at(Instant retryAt) {
        return new RetryDecision(retryAt, null, null, null);
    }

    /** The same decision with this priority ({@code null}: the job's own). */
    public RetryDecision withPriority(Integer value) {
        return new RetryDecision(retryAt, value, queueName, lock);
    }

    /** The same decision in this queue ({@code null}: the job's own). */
    public RetryDecision withQueue(String value) {
        return new RetryDecision(retryAt, priority, value, lock);
    }

    /** The same decision with this lock ({@code null}: the job's own). */
    public RetryDecision withLock(String value) {
        return new RetryDecision(retryAt, priority, queueName, value);
    }
}
