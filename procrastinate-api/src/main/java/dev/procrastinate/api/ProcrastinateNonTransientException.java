package dev.procrastinate.api;

/** A failure that repeats until something is changed: bad input, a missing schema, a constraint violation. */
public class ProcrastinateNonTransientException extends ProcrastinateException {

    public ProcrastinateNonTransientException(String message) {
        super(message);
    }

    public ProcrastinateNonTransientException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean isTransient() {
        return false;
    }
}
