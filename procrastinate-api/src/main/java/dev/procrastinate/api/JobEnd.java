package dev.procrastinate.api;

import java.util.Objects;

/**
 * The end of one run, as a worker writes it: the end status (succeeded, failed or aborted), whether to delete the
 * job's row, and, for a failed run, why it failed ({@code null} otherwise or when unknown). Build it with
 * {@link #succeeded}, {@link #failed}, {@link #aborted} and {@link #deletingJob()}. Immutable.
 */
public record JobEnd(long jobId, JobStatus status, boolean deleteJob, FailureDetails failure) {

    /**
     * @throws NullPointerException when {@code status} is null
     * @throws IllegalArgumentException when {@code status} is not an end status
     */
    public JobEnd {
        Objects.requireNonNull(status, "status");
        if (status != JobStatus.SUCCEEDED && status != JobStatus.FAILED && status != JobStatus.ABORTED) {
            throw new IllegalArgumentException("a job ends succeeded, failed or aborted, not " + status
                    + " (job " + jobId + ")");
        }
    }

    /** A successful end. */
    public static JobEnd succeeded(long jobId) {
        return new JobEnd(jobId, JobStatus.SUCCEEDED, false, null);
    }

    /** A failed end; {@code failure} may be null when unknown. */
    public static JobEnd failed(long jobId, FailureDetails failure) {
        return new JobEnd(jobId, JobStatus.FAILED, false, failure);
    }

    /** An end after the job's abort was requested. */
    public static JobEnd aborted(long jobId) {
        return new JobEnd(jobId, JobStatus.ABORTED, false, null);
    }

    /** This end, deleting the job's row instead of keeping it with its end status. */
    public JobEnd deletingJob() {
        return new JobEnd(jobId, status, true, failure);
    }
}
