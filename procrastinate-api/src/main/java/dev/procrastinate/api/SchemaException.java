package dev.procrastinate.api;

/** The procrastinate schema is missing, already there when it should not be, or of an unexpected version. */
public class SchemaException extends ProcrastinateNonTransientException {

    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
