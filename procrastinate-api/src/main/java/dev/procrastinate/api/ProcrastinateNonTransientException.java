package dev.procrastinate.api;

/** A failure that repeats until something is changed: bad input, a missing schema, a constraint violation. */
public class ProcrastinateNonTransientException extends ProcrastinateException {

    /** A failure described by {@code message} (may be null, as for any exception). */
    public ProcrastinateNonTransientException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause} (either may be null). */
    public ProcrastinateNonTransientException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean isTransient() {
        return false;
    }
}
