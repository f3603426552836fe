package dev.procrastinate.api;

/** The procrastinate schema is missing, already there when it should not be, or of an unexpected version. */
public class SchemaException extends ProcrastinateNonTransientException {

    /** A failure described by {@code message} (may be null, as for any exception). */
    public SchemaException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause} (either may be null). */
    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
