package dev.procrastinate.api;

/**
 * How {@link JobManager#cancelJob} treats a job (upstream's {@code cancel_job_by_id(abort=…, delete_job=…)}): a
 * {@code todo} job is cancelled, or deleted with {@link #deletingJob()}; a {@code doing} job is asked to abort only
 * with {@link #abort()}. Build it with the factories: {@code Cancellation.cancel()}, {@code Cancellation.delete()},
 * {@code Cancellation.abort()}. Immutable and thread-safe.
 */
public record Cancellation(boolean abortRunning, boolean deleteJob) {

    private static final Cancellation CANCEL = new Cancellation(false, false);
    private static final Cancellation DELETE = new Cancellation(false, true);
    private static final Cancellation ABORT = new Cancellation(true, false);

    /** A {@code todo} job becomes {@code cancelled}; a job in any other state is left alone. */
    public static Cancellation cancel() {
        return CANCEL;
    }

    /** A {@code todo} job's row is deleted (its events with it); a job in any other state is left alone. */
    public static Cancellation delete() {
        return DELETE;
    }

    /** A {@code todo} job becomes {@code cancelled}; a {@code doing} job's abort is requested (its task sees it). */
    public static Cancellation abort() {
        return ABORT;
    }

    /** This cancellation, deleting a {@code todo} job's row instead of marking it {@code cancelled}. */
    public Cancellation deletingJob() {
        return new Cancellation(abortRunning, true);
    }
}
