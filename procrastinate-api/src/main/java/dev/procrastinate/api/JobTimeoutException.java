package dev.procrastinate.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Why a run failed when it lasted longer than its timeout ({@code TaskOptions.timeout}, else the worker's default):
 * its thread was interrupted, and the run ends failed, or retried when the task's retry strategy says so. Its cause
 * is what the task threw when interrupted (null when the worker stopped waiting for a run that ignored the
 * interrupt). Recorded as the attempt's failure.
 */
public class JobTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /** @throws NullPointerException when {@code timeout} is null */
    public JobTimeoutException(Duration timeout, Throwable cause) {
        super("timed out after " + Objects.requireNonNull(timeout, "timeout"), cause);
        this.timeout = timeout;
    }

    /** The timeout the run exceeded; never null. */
    public Duration timeout() {
        return timeout;
    }
}
