package dev.procrastinate.api;

import java.time.Duration;

/**
 * The limits of one queue, enforced by every procrastinate-java worker of the cluster when it claims jobs (Python
 * workers ignore them). Each bound is {@code null} when it does not apply.
 *
 * @param maxRunning at most this many jobs of the queue run at once across the cluster
 * @param maxRunningPerKey at most this many jobs of one concurrency key of the queue run at once
 * @param maxStarts at most this many jobs of the queue start within any {@code ratePeriod}
 * @param maxStartsPerKey at most this many jobs of one concurrency key start within any {@code ratePeriod}
 * @param ratePeriod the sliding window of the two rate limits; required with either of them
 */
public record QueueLimits(Integer maxRunning, Integer maxRunningPerKey, Integer maxStarts, Integer maxStartsPerKey,
        Duration ratePeriod) {

    /** No limit at all. */
    public static final QueueLimits NONE = new QueueLimits(null, null, null, null, null);

    public QueueLimits {
        positive("maxRunning", maxRunning);
        positive("maxRunningPerKey", maxRunningPerKey);
        positive("maxStarts", maxStarts);
        positive("maxStartsPerKey", maxStartsPerKey);
        boolean rated = maxStarts != null || maxStartsPerKey != null;
        if (rated && (ratePeriod == null || ratePeriod.isNegative() || ratePeriod.isZero())) {
            throw new ConfigurationException("a rate limit (maxStarts, maxStartsPerKey) needs a positive "
                    + "ratePeriod, was " + ratePeriod);
        }
        if (!rated && ratePeriod != null) {
            throw new ConfigurationException("ratePeriod " + ratePeriod + " is given without maxStarts or "
                    + "maxStartsPerKey: set one of them, or leave ratePeriod out");
        }
        if (ratePeriod != null && ratePeriod.toMillis() < 1) {
            throw new ConfigurationException("ratePeriod must be at least 1 ms, was " + ratePeriod);
        }
    }

    /** At most {@code n} running jobs of the queue across the cluster. */
    public static QueueLimits maxRunning(int n) {
        return NONE.withMaxRunning(n);
    }

    /**
     * These limits with at most {@code n} running jobs of the queue across the cluster (null: no such limit).
     *
     * @throws ConfigurationException when {@code n} is below 1
     */
    public QueueLimits withMaxRunning(Integer n) {
        return new QueueLimits(n, maxRunningPerKey, maxStarts, maxStartsPerKey, ratePeriod);
    }

    /**
     * These limits with at most {@code n} running jobs per concurrency key (null: no such limit).
     *
     * @throws ConfigurationException when {@code n} is below 1
     */
    public QueueLimits withMaxRunningPerKey(Integer n) {
        return new QueueLimits(maxRunning, n, maxStarts, maxStartsPerKey, ratePeriod);
    }

    /** At most {@code n} starts of the queue's jobs within any {@code period} (and per key as it was). */
    public QueueLimits withRate(Integer n, Duration period) {
        return new QueueLimits(maxRunning, maxRunningPerKey, n, maxStartsPerKey,
                n == null && maxStartsPerKey == null ? null : period);
    }

    /** At most {@code n} starts of one key's jobs within any {@code period} (and per queue as it was). */
    public QueueLimits withRatePerKey(Integer n, Duration period) {
        return new QueueLimits(maxRunning, maxRunningPerKey, maxStarts, n,
                n == null && maxStarts == null ? null : period);
    }

    /** Whether any bound applies. */
    public boolean isLimited() {
        return maxRunning != null || maxRunningPerKey != null || maxStarts != null || maxStartsPerKey != null;
    }

    /** Whether a bound applies to each concurrency key. */
    public boolean isLimitedPerKey() {
        return maxRunningPerKey != null || maxStartsPerKey != null;
    }

    /** For people: "5 running, 2 running per key, 100 starts per 1m, 10 starts per key per 1m", or "none". */
    public String describe() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (maxRunning != null) {
            parts.add(maxRunning + " running");
        }
        if (maxRunningPerKey != null) {
            parts.add(maxRunningPerKey + " running per key");
        }
        String per = ratePeriod == null ? "" : " per " + period(ratePeriod);
        if (maxStarts != null) {
            parts.add(maxStarts + " starts" + per);
        }
        if (maxStartsPerKey != null) {
            parts.add(maxStartsPerKey + " starts per key" + per);
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String period(Duration period) {
        long millis = period.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static void positive(String name, Integer value) {
        if (value != null && value < 1) {
            throw new ConfigurationException(name + " must be at least 1 (or null for no limit), was " + value);
        }
    }
}
