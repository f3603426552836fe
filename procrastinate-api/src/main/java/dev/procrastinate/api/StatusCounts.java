package dev.procrastinate.api;

import java.util.Map;

/**
 * Per-status job counts for one queue, task or lock (the {@code name}), as listed by the shell's
 * {@code list_queues}, {@code list_tasks} and {@code list_locks}. Immutable.
 */
public record StatusCounts(String name, Map<JobStatus, Long> counts) {

    /**
     * @throws NullPointerException when {@code counts} (or one of its keys or values) is null
     */
    public StatusCounts {
        counts = Map.copyOf(counts);
    }

    /** The number of jobs in {@code status}; 0 when none (or {@code status} is null). */
    public long count(JobStatus status) {
        return counts.getOrDefault(status, 0L);
    }

    /** The number of jobs in every status. */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
