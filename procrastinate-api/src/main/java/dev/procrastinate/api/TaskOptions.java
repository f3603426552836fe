package dev.procrastinate.api;

import java.util.List;
import java.util.Objects;

/**
 * How a task's jobs are deferred and retried. Defaults: queue {@code "default"}, priority 0, no lock, no queueing
 * lock, no retry, no aliases, and the worker's cap on recoveries ({@code maxRecoveries} null). Immutable and
 * thread-safe; build with {@link #builder()} (a builder is not thread-safe; its setters accept anything and
 * {@link Builder#build()} checks). {@code lock}, {@code queueingLock} and {@code maxRecoveries} may be null.
 *
 * <p>{@code maxRecoveries}: how many times a job of this task is run again after its worker died or was cut off
 * past the stalled timeout (null: the worker's {@code maxRecoveries}); 0 for tasks that must never run twice, whose
 * jobs then end {@code failed} when their worker dies.
 *
 * <p>{@code timeout}: how long one run may last (null: the worker's {@code defaultTimeout}); past it the run's thread
 * is interrupted and the run fails with a {@link JobTimeoutException}, which the retry strategy may retry.
 */
public record TaskOptions(String queue, int priority, String lock, String queueingLock, RetryStrategy retry,
        List<String> aliases, Integer maxRecoveries, java.time.Duration timeout) {

    public static final String DEFAULT_QUEUE = "default";

    /**
     * @throws ConfigurationException when {@code queue} is not 1 to 128 characters or {@code maxRecoveries} is
     *     negative
     * @throws NullPointerException when {@code retry} or {@code aliases} (or one alias) is null
     */
    public TaskOptions {
        if (queue == null || queue.isBlank() || queue.length() > 128) {
            throw new ConfigurationException("TaskOptions.queue must have 1 to 128 characters, was '" + queue + "'");
        }
        Objects.requireNonNull(retry, "retry");
        aliases = List.copyOf(aliases);
        if (maxRecoveries != null && maxRecoveries < 0) {
            throw new ConfigurationException("TaskOptions.maxRecoveries must be 0 or more (0: never run a job "
                    + "twice), not " + maxRecoveries);
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new ConfigurationException("TaskOptions.timeout must be positive (or null: the worker's "
                    + "defaultTimeout), not " + timeout);
        }
    }

    /** The defaults above; never null. */
    public static TaskOptions defaults() {
        return builder().build();
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        return new Builder().queue(queue).priority(priority).lock(lock).queueingLock(queueingLock).retry(retry)
                .aliases(aliases).maxRecoveries(maxRecoveries).timeout(timeout);
    }

    /** Builder with the defaults above. */
    public static final class Builder {
        private String queue = DEFAULT_QUEUE;
        private int priority;
        private String lock;
        private String queueingLock;
        private RetryStrategy retry = RetryStrategy.NONE;
        private List<String> aliases = List.of();
        private Integer maxRecoveries;
        private java.time.Duration timeout;

        private Builder() {
        }

        /** The queue of the task's jobs: 1 to 128 characters (checked by {@link #build()}). */
        public Builder queue(String value) {
            this.queue = value;
            return this;
        }

        /** Higher runs first; may be negative. */
        public Builder priority(int value) {
            this.priority = value;
            return this;
        }

        /** At most one job with this lock runs at a time; null for none. */
        public Builder lock(String value) {
            this.lock = value;
            return this;
        }

        /** At most one job with this queueing lock waits; null for none. */
        public Builder queueingLock(String value) {
            this.queueingLock = value;
            return this;
        }

        /** When a failed run is retried; null means {@link RetryStrategy#NONE}. */
        public Builder retry(RetryStrategy value) {
            this.retry = value == null ? RetryStrategy.NONE : value;
            return this;
        }

        /**
         * How many times a job is run again after its worker died or was cut off (null: the worker's cap); 0 for a
         * task that must never run twice: its job then ends {@code failed}.
         */
        public Builder maxRecoveries(Integer value) {
            this.maxRecoveries = value;
            return this;
        }

        /** {@code maxRecoveries(0)}: a job whose worker dies ends {@code failed} instead of running again. */
        public Builder neverRunTwice() {
            return maxRecoveries(0);
        }

        /** How long one run may last before it is interrupted and failed; null: the worker's default. */
        public Builder timeout(java.time.Duration value) {
            this.timeout = value;
            return this;
        }

        /** Other names the task answers to; not null, no null element (checked by {@link #build()}). */
        public Builder aliases(List<String> value) {
            this.aliases = value;
            return this;
        }

        /**
         * The options.
         *
         * @throws ConfigurationException when the queue is not 1 to 128 characters or {@code maxRecoveries} is negative
         * @throws NullPointerException when the aliases (or one of them) are null
         */
        public TaskOptions build() {
            return new TaskOptions(queue, priority, lock, queueingLock, retry, aliases, maxRecoveries, timeout);
        }
    }
}
