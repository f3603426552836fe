package dev.procrastinate.api;

/** Options that cannot work together, or a value out of range. The message names the fields involved. */
public class ConfigurationException extends ProcrastinateNonTransientException {

    /** A failure described by {@code message} (may be null, as for any exception). */
    public ConfigurationException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause} (either may be null). */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
