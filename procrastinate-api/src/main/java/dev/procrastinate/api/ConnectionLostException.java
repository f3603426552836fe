package dev.procrastinate.api;

/** The database could not be reached or the connection broke. The worker backs off and tries again. */
public class ConnectionLostException extends ProcrastinateTransientException {

    /** The connection failure described by {@code message}, caused by the driver's {@code cause} (may be null). */
    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
