package dev.procrastinate.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Retry a failed job at {@code retryAt}; non-null {@code priority}, {@code queueName} and {@code lock} replace the
 * job's own.
 */
public record RetryDecision(Instant retryAt, Integer priority, String queueName, String lock) {

    public RetryDecision {
        Objects.requireNonNull(retryAt, "retryAt");
    }

    public static RetryDecision at(Instant retryAt) {
        return new RetryDecision(retryAt, null, null, null);
    }
}
