package dev.procrastinate.api;

/**
 * Filters for {@link JobManager#listJobs}: every non-null field must match. {@code limit} caps the number of rows
 * (newest first); 0 means no limit.
 */
public record JobQuery(Long id, String queueName, String taskName, JobStatus status, String lock,
        String queueingLock, Long workerId, int limit) {

    public static JobQuery all() {
        return new JobQuery(null, null, null, null, null, null, null, 0);
    }

    public JobQuery withId(Long value) {
        return new JobQuery(value, queueName, taskName, status, lock, queueingLock, workerId, limit);
    }

    public JobQuery withQueue(String value) {
        return new JobQuery(id, value, taskName, status, lock, queueingLock, workerId, limit);
    }

    public JobQuery withTask(String value) {
        return new JobQuery(id, queueName, value, status, lock, queueingLock, workerId, limit);
    }

    public JobQuery withStatus(JobStatus value) {
        return new JobQuery(id, queueName, taskName, value, lock, queueingLock, workerId, limit);
    }

    public JobQuery withLock(String value) {
        return new JobQuery(id, queueName, taskName, status, value, queueingLock, workerId, limit);
    }

    public JobQuery withQueueingLock(String value) {
        return new JobQuery(id, queueName, taskName, status, lock, value, workerId, limit);
    }

    public JobQuery withWorkerId(Long value) {
        return new JobQuery(id, queueName, taskName, status, lock, queueingLock, value, limit);
    }

    public JobQuery withLimit(int value) {
        return new JobQuery(id, queueName, taskName, status, lock, queueingLock, workerId, value);
    }
}
