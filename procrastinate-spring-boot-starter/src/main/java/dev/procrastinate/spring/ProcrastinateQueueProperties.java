package dev.procrastinate.spring;

import dev.procrastinate.api.QueueLimits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code procrastinate.queues.<name>.*}: pause and limits of queues, written to the database when the application
 * starts (before its worker starts), for every procrastinate-java worker of that database. A queue that is not
 * named here keeps what it has (set at run time through {@code JobManager}, the CLI or the dashboard); for a named
 * queue, {@code paused} is applied when given, and its limits are replaced by those given when any is.
 */
@ConfigurationProperties(prefix = "procrastinate")
public class ProcrastinateQueueProperties {

    private Map<String, Queue> queues = new LinkedHashMap<>();

    public Map<String, Queue> getQueues() {
        return queues;
    }

    public void setQueues(Map<String, Queue> queues) {
        this.queues = queues;
    }

    /** One queue's settings. */
    public static class Queue {
        /** true: no worker starts the queue's jobs; false: resumed at start; unset: left as it is. */
        private Boolean paused;
        /** At most this many of the queue's jobs run at once across the cluster. */
        private Integer maxRunning;
        /** At most this many jobs of one concurrency key run at once. */
        private Integer maxRunningPerKey;
        /** At most this many of the queue's jobs start within any rate-period. */
        private Integer maxStarts;
        /** At most this many jobs of one concurrency key start within any rate-period. */
        private Integer maxStartsPerKey;
        /** The period of max-starts and max-starts-per-key (e.g. 1s, 1m). */
        private Duration ratePeriod;

        /** Whether any limit is given, so that the queue's limits are to be replaced. */
        boolean hasLimits() {
            return maxRunning != null || maxRunningPerKey != null || maxStarts != null || maxStartsPerKey != null
                    || ratePeriod != null;
        }

        QueueLimits limits() {
            return new QueueLimits(maxRunning, maxRunningPerKey, maxStarts, maxStartsPerKey, ratePeriod);
        }

        public Boolean getPaused() {
            return paused;
        }

        public void setPaused(Boolean paused) {
            this.paused = paused;
        }

        public Integer getMaxRunning() {
            return maxRunning;
        }

        public void setMaxRunning(Integer maxRunning) {
            this.maxRunning = maxRunning;
        }

        public Integer getMaxRunningPerKey() {
            return maxRunningPerKey;
        }

        public void setMaxRunningPerKey(Integer maxRunningPerKey) {
            this.maxRunningPerKey = maxRunningPerKey;
        }

        public Integer getMaxStarts() {
            return maxStarts;
        }

        public void setMaxStarts(Integer maxStarts) {
            this.maxStarts = maxStarts;
        }

        public Integer getMaxStartsPerKey() {
            return maxStartsPerKey;
        }

        public void setMaxStartsPerKey(Integer maxStartsPerKey) {
            this.maxStartsPerKey = maxStartsPerKey;
        }

        public Duration getRatePeriod() {
            return ratePeriod;
        }

        public void setRatePeriod(Duration ratePeriod) {
            this.ratePeriod = ratePeriod;
        }
    }
}
