package dev.procrastinate.dashboard;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Succeeded, failed and retried events per time bucket, oldest first. A bucket that ended more than {@link #SETTLED}
 * ago no longer changes (events are written at their time), so its counts are kept and each poll reads only the
 * buckets still open: the day's chart costs one scan of a day of events once, then minutes of events per poll.
 */
final class Throughput {

    /** How long after a bucket's end late commits may still add events to it. */
    static final Duration SETTLED = Duration.ofMinutes(2);
    private static final String EVENTS = "SELECT date_trunc('minute', at) AS minute, type::text AS type, "
            + "count(*) AS n FROM procrastinate_events WHERE at >= $1 AND at < $2 "
            + "AND type IN ('succeeded', 'failed', 'deferred_for_retry', 'retried') GROUP BY 1, 2";

    private final Duration step;
    private final int buckets;
    private final DateTimeFormatter labels;
    private final TreeMap<Long, long[]> settled = new TreeMap<>();

    Throughput(Duration step, int buckets, DateTimeFormatter labels) {
        this.step = step;
        this.buckets = buckets;
        this.labels = labels;
    }

    synchronized Map<String, Object> series(Connector connector, Instant now) {
        long stepSeconds = step.toSeconds();
        long last = Math.floorDiv(now.getEpochSecond(), stepSeconds);
        long first = last - buckets + 1;
        settled.headMap(first).clear();
        long open = first;
        while (open <= last && settled.containsKey(open)) {
            open++;
        }
        Map<Long, long[]> fresh = new TreeMap<>();
        if (open <= last) {
            for (Row row : connector.query(EVENTS, Instant.ofEpochSecond(open * stepSeconds),
                    Instant.ofEpochSecond((last + 1) * stepSeconds))) {
                long bucket = Math.floorDiv(row.getInstant("minute").getEpochSecond(), stepSeconds);
                long[] counts = fresh.computeIfAbsent(bucket, b -> new long[3]);
                switch (row.getString("type")) {
                    case "succeeded" -> counts[0] += row.getLong("n");
                    case "failed" -> counts[2] += row.getLong("n");
                    default -> counts[1] += row.getLong("n");
                }
            }
            long settledBefore = now.minus(SETTLED).getEpochSecond();
            for (long bucket = open; bucket <= last && (bucket + 1) * stepSeconds <= settledBefore; bucket++) {
                settled.put(bucket, fresh.getOrDefault(bucket, new long[3]));
            }
        }
        List<String> names = new ArrayList<>(buckets);
        long[][] values = new long[3][buckets];
        for (long bucket = first; bucket <= last; bucket++) {
            names.add(labels.format(Instant.ofEpochSecond(bucket * stepSeconds)));
            long[] counts = bucket < open ? settled.get(bucket) : fresh.getOrDefault(bucket, new long[3]);
            for (int i = 0; i < 3; i++) {
                values[i][(int) (bucket - first)] = counts[i];
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("labels", names);
        out.put("succeeded", values[0]);
        out.put("retried", values[1]);
        out.put("failed", values[2]);
        return out;
    }
}
