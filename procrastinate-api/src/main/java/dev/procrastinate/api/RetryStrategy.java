package dev.procrastinate.api;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a job that threw is retried. {@code attempts} is the number of runs before this one
 * (0 on the first failure). Return empty to let the job fail.
 */
@FunctionalInterface
public interface RetryStrategy {

    /**
     * Called on the worker thread that ran the job, once per failed run, with non-null arguments; must not block
     * for long and should not throw (an exception thrown here fails the job). Returns empty to let the job fail, never
     * null.
     */
    Optional<RetryDecision> decide(Job job, Throwable error, int attempts, Instant now);

    /** Never retry. */
    RetryStrategy NONE = (job, error, attempts, now) -> Optional.empty();
}
