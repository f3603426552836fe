package dev.procrastinate.api;

/** A failure that may go away by itself: the connection dropped, the server is restarting, a pool timed out. */
public class ProcrastinateTransientException extends ProcrastinateException {

    public ProcrastinateTransientException(String message) {
        super(message);
    }

    public ProcrastinateTransientException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean isTransient() {
        return true;
    }
}
