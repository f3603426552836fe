package dev.procrastinate.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long to wait before trying a failed database operation again: {@code first}, doubling after each further
 * failure in a row, never more than {@code max}. The one back-off of the project: the worker's database calls, and
 * every connector's LISTEN reconnection, use it. Immutable and thread-safe.
 *
 * @param first the pause after the first failure; positive
 * @param max the longest pause; not shorter than {@code first}
 */
public record Backoff(Duration first, Duration max) {

    /** The worker's pause between failed database calls: 200 ms doubling up to 10 s. */
    public static final Backoff DATABASE_CALLS = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));

    /** A connector's pause between failed LISTEN reconnections: 100 ms doubling up to 5 s. */
    public static final Backoff LISTEN_RECONNECTION = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    /**
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code first} is not positive or {@code max} is shorter than it
     */
    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("the first pause of a back-off must be positive, got " + first);
        }
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("the longest pause of a back-off (" + max
                    + ") must not be shorter than the first (" + first + ")");
        }
    }

    /**
     * The pause after {@code failures} failures in a row: {@code first × 2^(failures − 1)}, at most {@link #max()}.
     * A count below 1 is taken as 1. Never null.
     */
    public Duration delay(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
    }

    /** When to try again after {@code failures} failures in a row, read on {@code clock}. Never null. */
    public Instant nextAttempt(Clock clock, int failures) {
        return clock.instant().plus(delay(failures));
    }
}
