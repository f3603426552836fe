package dev.procrastinate.core.worker;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.JobMiddleware;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a worker runs. Defaults are upstream's: all queues, name {@code "worker"}, concurrency 1, wait for jobs,
 * 5 s fetch and abort polling, no graceful timeout (wait for running jobs forever), LISTEN/NOTIFY on, keep
 * finished jobs, signal handlers on, 10 s heartbeat, 30 s stalled-worker timeout; and ours: the stalled-job reaper
 * on, no middleware. Build with {@link #builder()}.
 *
 * @param queues queues to take jobs from; empty means every queue
 * @param waitForJobs upstream's {@code wait}: false makes a one-shot worker that stops when no job is left
 * @param shutdownGracefulTimeout how long a stop waits for running jobs before aborting them; empty = forever
 * @param reapStalledJobs put the {@code doing} jobs of workers that died or were cut off past
 *     {@code stalledWorkerTimeout} back to run again (at least once delivery), whether or not their task retries
 * @param maxRecoveries how many times one job is run again after its worker died (default 3); past it the job
 *     ends {@code failed}, so that a job that kills its worker cannot loop forever; a task's own
 *     {@code TaskOptions.maxRecoveries} takes precedence
 * @param middleware wrapped around every job run (around the task's own middlewares), the first one outermost
 * @param listeners told when each job starts and how it ended, in order
 * @param defaultTimeout how long a run of a task without a {@code TaskOptions.timeout} may last; empty: no limit
 * @param timeoutGrace how long a timed-out run that ignores its interrupt is waited for before the worker frees its
 *     slot, writes it failed (or retried) and abandons its thread (default 5 s)
 */
public record WorkerOptions(
        List<String> queues,
        String name,
        int concurrency,
        boolean waitForJobs,
        Duration fetchJobPollingInterval,
        Duration abortJobPollingInterval,
        Optional<Duration> shutdownGracefulTimeout,
        boolean listenNotify,
        DeleteJobs deleteJobs,
        Map<String, Object> additionalContext,
        boolean installSignalHandlers,
        Duration updateHeartbeatInterval,
        Duration stalledWorkerTimeout,
        boolean reapStalledJobs,
        int maxRecoveries,
        List<JobMiddleware> middleware,
        List<JobListener> listeners,
        Optional<Duration> defaultTimeout,
        Duration timeoutGrace) {

    public WorkerOptions {
        queues = List.copyOf(queues);
        additionalContext = Map.copyOf(additionalContext);
        middleware = List.copyOf(middleware);
        listeners = List.copyOf(listeners);
    }

    public static WorkerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().queues(queues).name(name).concurrency(concurrency).waitForJobs(waitForJobs)
                .fetchJobPollingInterval(fetchJobPollingInterval).abortJobPollingInterval(abortJobPollingInterval)
                .shutdownGracefulTimeout(shutdownGracefulTimeout.orElse(null)).listenNotify(listenNotify)
                .deleteJobs(deleteJobs).additionalContext(additionalContext)
                .installSignalHandlers(installSignalHandlers).updateHeartbeatInterval(updateHeartbeatInterval)
                .stalledWorkerTimeout(stalledWorkerTimeout).reapStalledJobs(reapStalledJobs)
                .maxRecoveries(maxRecoveries)
                .middleware(middleware)
                .listeners(listeners)
                .defaultTimeout(defaultTimeout.orElse(null))
                .timeoutGrace(timeoutGrace);
    }

    /** Builder holding the defaults; {@link #build()} checks every field and names the one that is wrong. */
    public static final class Builder {
        private List<String> queues = List.of();
        private String name = "worker";
        private int concurrency = 1;
        private boolean waitForJobs = true;
        private Duration fetchJobPollingInterval = Duration.ofSeconds(5);
        private Duration abortJobPollingInterval = Duration.ofSeconds(5);
        private Duration shutdownGracefulTimeout;
        private boolean listenNotify = true;
        private DeleteJobs deleteJobs = DeleteJobs.NEVER;
        private Map<String, Object> additionalContext = Map.of();
        private boolean installSignalHandlers = true;
        private Duration updateHeartbeatInterval = Duration.ofSeconds(10);
        private Duration stalledWorkerTimeout = Duration.ofSeconds(30);
        private boolean reapStalledJobs = true;
        private int maxRecoveries = 3;
        private List<JobMiddleware> middleware = List.of();
        private List<JobListener> listeners = List.of();
        private Duration defaultTimeout;
        private Duration timeoutGrace = Duration.ofSeconds(5);

        private Builder() {
        }

        public Builder queues(List<String> value) {
            this.queues = value;
            return this;
        }

        public Builder queues(String... value) {
            return queues(List.of(value));
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder concurrency(int value) {
            this.concurrency = value;
            return this;
        }

        public Builder waitForJobs(boolean value) {
            this.waitForJobs = value;
            return this;
        }

        public Builder fetchJobPollingInterval(Duration value) {
            this.fetchJobPollingInterval = value;
            return this;
        }

        public Builder abortJobPollingInterval(Duration value) {
            this.abortJobPollingInterval = value;
            return this;
        }

        /** {@code null} waits for running jobs forever. */
        public Builder shutdownGracefulTimeout(Duration value) {
            this.shutdownGracefulTimeout = value;
            return this;
        }

        public Builder listenNotify(boolean value) {
            this.listenNotify = value;
            return this;
        }

        public Builder deleteJobs(DeleteJobs value) {
            this.deleteJobs = value;
            return this;
        }

        public Builder additionalContext(Map<String, Object> value) {
            this.additionalContext = value;
            return this;
        }

        public Builder installSignalHandlers(boolean value) {
            this.installSignalHandlers = value;
            return this;
        }

        public Builder updateHeartbeatInterval(Duration value) {
            this.updateHeartbeatInterval = value;
            return this;
        }

        public Builder stalledWorkerTimeout(Duration value) {
            this.stalledWorkerTimeout = value;
            return this;
        }

        public Builder reapStalledJobs(boolean value) {
            this.reapStalledJobs = value;
            return this;
        }

        /** How many times one job is run again after its worker died or was cut off; 0: fail it instead. */
        public Builder maxRecoveries(int value) {
            this.maxRecoveries = value;
            return this;
        }

        public Builder middleware(List<JobMiddleware> value) {
            this.middleware = value;
            return this;
        }

        public Builder middleware(JobMiddleware... value) {
            return middleware(List.of(value));
        }

        public Builder listeners(List<JobListener> value) {
            this.listeners = value;
            return this;
        }

        public Builder listeners(JobListener... value) {
            return listeners(List.of(value));
        }

        /** How long a run may last when its task sets no timeout; {@code null} (the default): no limit. */
        public Builder defaultTimeout(Duration value) {
            this.defaultTimeout = value;
            return this;
        }

        /** How long a timed-out run that ignores its interrupt keeps its slot before it is abandoned. */
        public Builder timeoutGrace(Duration value) {
            this.timeoutGrace = value;
            return this;
        }

        public WorkerOptions build() {
            if (name == null || name.isBlank()) {
                throw ConfigurationException.ofOption("name",
                        "WorkerOptions.name must not be blank");
            }
            if (concurrency < 1) {
                throw ConfigurationException.ofOption("concurrency",
                        "WorkerOptions.concurrency must be at least 1, was " + concurrency);
            }
            positive("fetchJobPollingInterval", fetchJobPollingInterval);
            positive("abortJobPollingInterval", abortJobPollingInterval);
            positive("updateHeartbeatInterval", updateHeartbeatInterval);
            positive("stalledWorkerTimeout", stalledWorkerTimeout);
            positive("timeoutGrace", timeoutGrace);
            if (defaultTimeout != null) {
                positive("defaultTimeout", defaultTimeout);
            }
            if (shutdownGracefulTimeout != null && shutdownGracefulTimeout.isNegative()) {
                throw ConfigurationException.ofOption("shutdownGracefulTimeout",
                        "WorkerOptions.shutdownGracefulTimeout must be >= 0, was "
                        + shutdownGracefulTimeout);
            }
            if (stalledWorkerTimeout.compareTo(updateHeartbeatInterval) <= 0) {
                throw ConfigurationException.ofOption("stalledWorkerTimeout",
                        "WorkerOptions.stalledWorkerTimeout (" + stalledWorkerTimeout
                        + ") must be longer than updateHeartbeatInterval (" + updateHeartbeatInterval
                        + "), or live workers would be pruned");
            }
            if (queues == null || queues.stream().anyMatch(q -> q == null || q.isBlank())) {
                throw ConfigurationException.ofOption("queues",
                        "WorkerOptions.queues must not contain blank names: " + queues);
            }
            if (maxRecoveries < 0) {
                throw ConfigurationException.ofOption("maxRecoveries",
                        "WorkerOptions.maxRecoveries must be 0 or more (0: fail a job "
                        + "whose worker died instead of running it again), was " + maxRecoveries);
            }
            if (deleteJobs == null) {
                throw ConfigurationException.ofOption("deleteJobs",
                        "WorkerOptions.deleteJobs must not be null");
            }
            return new WorkerOptions(queues, name, concurrency, waitForJobs, fetchJobPollingInterval,
                    abortJobPollingInterval, Optional.ofNullable(shutdownGracefulTimeout), listenNotify, deleteJobs,
                    additionalContext == null ? Map.of() : additionalContext, installSignalHandlers,
                    updateHeartbeatInterval, stalledWorkerTimeout, reapStalledJobs, maxRecoveries,
                    middleware == null ? List.of() : middleware, listeners == null ? List.of() : listeners,
                    Optional.ofNullable(defaultTimeout), timeoutGrace);
        }

        private static void positive(String field, Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw ConfigurationException.ofOption(field,
                        "WorkerOptions." + field + " must be positive, was " + value);
            }
        }
    }
}
