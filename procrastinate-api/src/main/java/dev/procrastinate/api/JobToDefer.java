package dev.procrastinate.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A job about to be deferred: the fields of {@code procrastinate_job_to_defer_v1}. {@code argsJson} must be a JSON
 * object; {@code lock}, {@code queueingLock} and {@code scheduledAt} may be {@code null}. {@code concurrencyKey}
 * (may be {@code null}) is procrastinate-java's own: the key that per-key limits of the queue count by (see
 * {@link QueueLimits}), kept beside the job in procrastinate-java's tables. Immutable.
 */
public record JobToDefer(String queueName, String taskName, int priority, String lock, String queueingLock,
        String argsJson, Instant scheduledAt, String concurrencyKey) {

    /** A job without a concurrency key. */
    public JobToDefer(String queueName, String taskName, int priority, String lock, String queueingLock,
            String argsJson, Instant scheduledAt) {
        this(queueName, taskName, priority, lock, queueingLock, argsJson, scheduledAt, null);
    }

    /**
     * @throws NullPointerException when {@code queueName}, {@code taskName} or {@code argsJson} is null
     * @throws ConfigurationException when the queue or task name is not 1 to 128 characters
     */
    public JobToDefer {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(argsJson, "argsJson");
        if (queueName.isEmpty() || queueName.length() > 128) {
            throw new ConfigurationException("queue name must have 1 to 128 characters, was '" + queueName + "'");
        }
        if (taskName.isEmpty() || taskName.length() > 128) {
            throw new ConfigurationException("task name must have 1 to 128 characters, was '" + taskName + "'");
        }
        if (concurrencyKey != null && concurrencyKey.isEmpty()) {
            throw new ConfigurationException("concurrency key must not be empty (null for none)");
        }
    }

    /** This job with the concurrency key its queue's per-key limits count by ({@code null}: none). */
    public JobToDefer withConcurrencyKey(String key) {
        return new JobToDefer(queueName, taskName, priority, lock, queueingLock, argsJson, scheduledAt, key);
    }
}
