package dev.procrastinate.api;

/** Options that cannot work together, or a value out of range. The message names the fields involved. */
public class ConfigurationException extends ProcrastinateNonTransientException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
