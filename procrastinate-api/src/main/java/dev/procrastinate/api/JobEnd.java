package dev.procrastinate.api;

import java.util.Objects;

/**
 * The end of one run, as a worker writes it: the end status (succeeded, failed or aborted), whether to delete the
 * job's row, and, for a failed run, why it failed ({@code null} otherwise or when unknown).
 */
public record JobEnd(long jobId, JobStatus status, boolean deleteJob, FailureDetails failure) {

    public JobEnd {
        Objects.requireNonNull(status, "status");
        if (status != JobStatus.SUCCEEDED && status != JobStatus.FAILED && status != JobStatus.ABORTED) {
            throw new IllegalArgumentException("a job ends succeeded, failed or aborted, not " + status
                    + " (job " + jobId + ")");
        }
    }
}
