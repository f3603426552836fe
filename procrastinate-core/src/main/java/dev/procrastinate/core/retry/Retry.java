package dev.procrastinate.core.retry;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.RetryStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's {@code RetryStrategy}: retry up to {@code maxAttempts} times (absent = forever), after
 * {@code wait + linearWait × attempts + exponentialWait ^ (attempts + 1)} seconds, where {@code attempts} is the
 * number of earlier runs; only for the listed exception types when any are listed.
 */
public final class Retry implements RetryStrategy {

    private final Integer maxAttempts;
    private final Duration wait;
    private final Duration linearWait;
    private final Duration exponentialWait;
    private final List<Class<? extends Throwable>> retryExceptions;

    private Retry(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.wait = builder.wait;
        this.linearWait = builder.linearWait;
        this.exponentialWait = builder.exponentialWait;
        this.retryExceptions = List.copyOf(builder.retryExceptions);
    }

    /** {@code retry=N} upstream: at most N retries, N + 1 runs in all, no delay. */
    public static Retry times(int maxAttempts) {
        return builder().maxAttempts(maxAttempts).build();
    }

    /** {@code retry=True} upstream: retry forever without delay. */
    public static Retry forever() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The delay before the retry that follows {@code attempts} earlier runs. */
    public Duration delay(int attempts) {
        double seconds = wait.toNanos() / 1e9 + linearWait.toNanos() / 1e9 * attempts;
        double base = exponentialWait.toNanos() / 1e9;
        if (base > 0) {
            seconds += Math.pow(base, attempts + 1);
        }
        return Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE));
    }

    @Override
    public Optional<RetryDecision> decide(Job job, Throwable error, int attempts, Instant now) {
        if (maxAttempts != null && attempts >= maxAttempts) {
            return Optional.empty();
        }
        if (!retryExceptions.isEmpty() && retryExceptions.stream().noneMatch(type -> type.isInstance(error))) {
            return Optional.empty();
        }
        return Optional.of(RetryDecision.at(now.plus(delay(attempts))));
    }

    @Override
    public String toString() {
        return "Retry[maxAttempts=" + (maxAttempts == null ? "forever" : maxAttempts) + ", wait=" + wait
                + ", linearWait=" + linearWait + ", exponentialWait=" + exponentialWait + ", retryExceptions="
                + retryExceptions + "]";
    }

    /** Builder; every wait defaults to zero and attempts to unlimited. */
    public static final class Builder {
        private Integer maxAttempts;
        private Duration wait = Duration.ZERO;
        private Duration linearWait = Duration.ZERO;
        private Duration exponentialWait = Duration.ZERO;
        private List<Class<? extends Throwable>> retryExceptions = List.of();

        private Builder() {
        }

        public Builder maxAttempts(int value) {
            this.maxAttempts = value;
            return this;
        }

        public Builder wait(Duration value) {
            this.wait = value;
            return this;
        }

        public Builder linearWait(Duration value) {
            this.linearWait = value;
            return this;
        }

        public Builder exponentialWait(Duration value) {
            this.exponentialWait = value;
            return this;
        }

        /** Retry only when the error is an instance of one of these types. */
        public Builder retryExceptions(List<Class<? extends Throwable>> types) {
            this.retryExceptions = List.copyOf(types);
            return this;
        }

        /** Retry only when the error is an instance of this type (or of one given before). */
        public Builder retryException(Class<? extends Throwable> type) {
            List<Class<? extends Throwable>> types = new java.util.ArrayList<>(retryExceptions);
            types.add(type);
            this.retryExceptions = List.copyOf(types);
            return this;
        }

        public Retry build() {
            if (maxAttempts != null && maxAttempts < 0) {
                throw new ConfigurationException("Retry.maxAttempts must be >= 0, was " + maxAttempts);
            }
            for (Duration d : List.of(wait, linearWait, exponentialWait)) {
                if (d == null || d.isNegative()) {
                    throw new ConfigurationException("Retry.wait, linearWait and exponentialWait must be >= 0");
                }
            }
            return new Retry(this);
        }
    }
}
