package dev.procrastinate.api;

/** An operation named a job id that does not exist, or not in a status the operation applies to. */
public class JobNotFoundException extends ProcrastinateNonTransientException {

    private final long jobId;

    public JobNotFoundException(long jobId, String message) {
        super(message);
        this.jobId = jobId;
    }

    public long jobId() {
        return jobId;
    }
}
