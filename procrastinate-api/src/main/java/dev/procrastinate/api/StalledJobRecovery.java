package dev.procrastinate.api;

import java.util.Objects;

/**
 * What the reaper of worker {@code reaperWorkerId} asks for one stalled job (a {@code doing} job whose worker died or
 * was cut off): run it again, as {@code retry} says when given (its time, priority, queue, lock) or at once, unless
 * the job has already been recovered {@code maxRecoveries} times or its abort was requested, in which case it ends
 * {@code failed}. {@code maxRecoveries} 0 means never run it again. Nothing is done unless the reaper's own heartbeat
 * is younger than half the stalled timeout when the database runs the request: a request that waited through an
 * outage must not act on heartbeats that the outage made late. Immutable; {@code retry} may be null (run again at
 * once with the job's own options).
 */
public record StalledJobRecovery(long jobId, int maxRecoveries, RetryDecision retry, long reaperWorkerId) {

    /**
     * @throws IllegalArgumentException when {@code maxRecoveries} is negative
     */
    public StalledJobRecovery {
        if (maxRecoveries < 0) {
            throw new IllegalArgumentException("maxRecoveries must be 0 or more, not " + maxRecoveries);
        }
    }

    /** What happened to the job. */
    public enum Outcome {
        /** Put back to {@code todo}: it will run again. */
        RECOVERED,
        /** Ended {@code failed}: recovered too often already, its abort was requested, or never to run twice. */
        FAILED,
        /** Nothing: it was no longer stalled (its worker came back, or another reaper took it). */
        NOT_STALLED
    }

    /**
     * The outcome, and how many times the job has now been recovered (this time included). Immutable.
     */
    public record Result(Outcome outcome, int recoveries) {

        /**
         * @throws NullPointerException when {@code outcome} is null
         */
        public Result {
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
