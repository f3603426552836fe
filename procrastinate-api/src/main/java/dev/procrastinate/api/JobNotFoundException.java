package dev.procrastinate.api;

/** An operation named a job id that does not exist, or not in a status the operation applies to. */
public class JobNotFoundException extends ProcrastinateNonTransientException {

    private final long jobId;

    /** About job {@code jobId}; {@code message} says what was expected of it. */
    public JobNotFoundException(long jobId, String message) {
        super(message);
        this.jobId = jobId;
    }

    /** The job the operation named. */
    public long jobId() {
        return jobId;
    }
}
