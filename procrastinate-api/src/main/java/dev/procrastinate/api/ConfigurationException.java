package dev.procrastinate.api;

import java.util.Optional;

/**
 * Options that cannot work together, or a value out of range. The message names the fields involved; when one option
 * is to blame, {@link #option()} names it as its builder method does (e.g. {@code "maxPoolSize"}), so that a
 * framework can name its own property for it without reading the message.
 */
public class ConfigurationException extends ProcrastinateNonTransientException {

    private final String option;

    /** A failure described by {@code message} (may be null, as for any exception). */
    public ConfigurationException(String message) {
        this(message, (Throwable) null);
    }

    /** A failure described by {@code message}, caused by {@code cause} (either may be null). */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.option = cause instanceof ConfigurationException configuration ? configuration.option : null;
    }

    private ConfigurationException(String option, String message, Throwable cause) {
        super(message, cause);
        this.option = option;
    }

    /** A failure of one option, named as its builder method is ({@code "maxPoolSize"}, {@code "concurrency"}). */
    public static ConfigurationException ofOption(String option, String message) {
        return new ConfigurationException(option, message, null);
    }

    /** The option this is about, as its builder method is named; empty when no single option is to blame. */
    public Optional<String> option() {
        return Optional.ofNullable(option);
    }
}
