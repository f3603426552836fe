package dev.procrastinate.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A row of {@code procrastinate_jobs}. {@code argsJson} is the JSON object of keyword arguments as text;
 * {@code lock}, {@code queueingLock}, {@code scheduledAt} and {@code workerId} may be {@code null}. Immutable.
 */
public record Job(long id, String queueName, String taskName, int priority, String lock, String queueingLock,
        String argsJson, JobStatus status, Instant scheduledAt, int attempts, boolean abortRequested, Long workerId) {

    /**
     * @throws NullPointerException when {@code queueName}, {@code taskName}, {@code argsJson} or {@code status} is null
     */
    public Job {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(argsJson, "argsJson");
        Objects.requireNonNull(status, "status");
    }

    /**
     * Reads a job from a row with the columns of {@code procrastinate_jobs}.
     *
     * @throws NullPointerException when {@code row} or one of its required columns is null
     * @throws IllegalArgumentException when the status column holds an unknown label
     */
    public static Job fromRow(RowView row) {
        return new Job(
                row.getLong("id"),
                row.getString("queue_name"),
                row.getString("task_name"),
                row.getInteger("priority"),
                row.getString("lock"),
                row.getString("queueing_lock"),
                row.getString("args"),
                JobStatus.fromDb(row.getString("status")),
                row.getInstant("scheduled_at"),
                row.getInteger("attempts"),
                Boolean.TRUE.equals(row.getBoolean("abort_requested")),
                row.getLong("worker_id"));
    }

    /** A short description for logs: id, task, queue, status, attempts, lock. */
    @Override
    public String toString() {
        return "Job[" + id + " " + taskName + " queue=" + queueName + " status=" + status.dbValue()
                + " attempts=" + attempts + (lock != null ? " lock=" + lock : "") + "]";
    }
}
