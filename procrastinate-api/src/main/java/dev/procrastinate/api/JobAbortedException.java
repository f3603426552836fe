package dev.procrastinate.api;

/**
 * Thrown by a task that stops because {@link JobContext#shouldAbort()} turned true: the job ends {@code aborted}
 * and is not retried. A task interrupted while its abort was requested ends the same way.
 */
public class JobAbortedException extends ProcrastinateNonTransientException {

    /** Thrown from a task with a message for the log (may be null). */
    public JobAbortedException(String message) {
        super(message);
    }
}
