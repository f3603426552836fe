package dev.procrastinate.api;

/**
 * Root of every exception procrastinate throws. Unchecked. The two subclasses say whether the same call can
 * succeed if retried later: {@link ProcrastinateTransientException} (a connection was lost, the database is
 * starting) or {@link ProcrastinateNonTransientException} (bad input, a missing schema, an unknown task).
 */
public abstract class ProcrastinateException extends RuntimeException {

    /** For subclasses: {@code message} may be null. */
    protected ProcrastinateException(String message) {
        super(message);
    }

    /** For subclasses: {@code message} and {@code cause} may be null. */
    protected ProcrastinateException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether repeating the failed operation later may succeed without anything else changing. */
    public abstract boolean isTransient();
}
