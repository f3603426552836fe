package dev.procrastinate.api;

/** A failure that may go away by itself: the connection dropped, the server is restarting, a pool timed out. */
public class ProcrastinateTransientException extends ProcrastinateException {

    /** A failure described by {@code message} (may be null, as for any exception). */
    public ProcrastinateTransientException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause} (either may be null). */
    public ProcrastinateTransientException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean isTransient() {
        return true;
    }
}
