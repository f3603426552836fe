package dev.procrastinate.api;

import java.util.Map;

/**
 * Per-status job counts for one queue, task or lock (the {@code name}), as listed by the shell's
 * {@code list_queues}, {@code list_tasks} and {@code list_locks}.
 */
public record StatusCounts(String name, Map<JobStatus, Long> counts) {

    public StatusCounts {
        counts = Map.copyOf(counts);
    }

    public long count(JobStatus status) {
        return counts.getOrDefault(status, 0L);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
