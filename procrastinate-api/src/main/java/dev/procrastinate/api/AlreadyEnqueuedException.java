package dev.procrastinate.api;

/**
 * A job with the same queueing lock is already waiting ({@code todo}), so this one was not deferred. In a batch,
 * none of the batch was deferred. Upstream's {@code AlreadyEnqueued}.
 */
public class AlreadyEnqueuedException extends ProcrastinateNonTransientException {

    private final String queueingLock;

    /** The clash on {@code queueingLock} (null when the database did not name it); {@code cause} may be null. */
    public AlreadyEnqueuedException(String queueingLock, Throwable cause) {
        super(queueingLock == null
                ? "a job with the same queueing lock is already enqueued"
                : "a job with queueing lock '" + queueingLock + "' is already enqueued", cause);
        this.queueingLock = queueingLock;
    }

    /** The clashing queueing lock when the database named it, else {@code null}. */
    public String queueingLock() {
        return queueingLock;
    }
}
