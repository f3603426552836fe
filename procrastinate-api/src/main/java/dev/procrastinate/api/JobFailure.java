package dev.procrastinate.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One failed or retried run of a job, as the worker recorded it: the attempt it was (1 for the first run), the
 * worker that ran it (null when unknown), when it ended, the exception's class and message, and a stack trace
 * bounded to {@link FailureDetails#MAX_STACK_TRACE_BYTES}. Immutable.
 */
public record JobFailure(long jobId, int attempt, Long workerId, Instant failedAt, String exceptionClass,
        String message, String stackTrace) {

    /**
     * @throws NullPointerException when {@code failedAt} or {@code exceptionClass} is null
     */
    public JobFailure {
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(exceptionClass, "exceptionClass");
    }

    /** The class, message and stack trace together; never null. */
    public FailureDetails details() {
        return new FailureDetails(exceptionClass, message, stackTrace);
    }
}
