package dev.procrastinate.testing;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Queue pause and limits for an in-memory job manager, by the rules of the SQL claim ({@code V3__queue_controls.sql}):
 * paused queues get no claim; limited queues are served first, in name order, each within its limits (running jobs
 * counted among those with a worker, starts within the sliding period), by priority then turn (round) then id, so
 * keys take turns; the other queues fill the rest by priority then id. Not thread-safe: the job manager calls it
 * under its own lock.
 */
final class InMemoryQueueControls {

    private record Start(String key, Instant at) {
    }

    private final Map<String, QueueControl> controls = new TreeMap<>();
    private final Map<Long, String> keys = new HashMap<>();
    private final Map<Long, Long> rounds = new HashMap<>();
    private final Map<String, Long> lastRounds = new HashMap<>();
    private final Map<String, Long> fairRounds = new HashMap<>();
    private final Map<String, Deque<Start>> starts = new HashMap<>();

    void pause(String queueName) {
        QueueControl was = controls.get(check(queueName));
        controls.put(queueName, new QueueControl(queueName, true, was == null ? QueueLimits.NONE : was.limits()));
    }

    void resume(String queueName) {
        QueueControl was = controls.get(check(queueName));
        if (was != null) {
            put(new QueueControl(queueName, false, was.limits()));
        }
    }

    void setLimits(String queueName, QueueLimits limits) {
        Objects.requireNonNull(limits, "limits");
        QueueControl was = controls.get(check(queueName));
        put(new QueueControl(queueName, was != null && was.paused(), limits));
    }

    List<QueueControl> list() {
        return List.copyOf(controls.values());
    }

    private void put(QueueControl control) {
        if (control.paused() || control.limits().isLimited()) {
            controls.put(control.queueName(), control);
        } else {
            controls.remove(control.queueName());
        }
    }

    private static String check(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        if (queueName.isEmpty() || queueName.length() > 128) {
            throw new ConfigurationException("queue name must have 1 to 128 characters, was '" + queueName + "'");
        }
        return queueName;
    }

    /** Records the concurrency key of a job just deferred, and gives it its key's next turn. */
    void deferred(long jobId, JobToDefer job) {
        String key = job.concurrencyKey();
        if (key == null) {
            return;
        }
        String slot = job.queueName() + "\u0000" + key;
        long round = Math.max(lastRounds.getOrDefault(slot, 0L), fairRounds.getOrDefault(job.queueName(), 0L)) + 1;
        lastRounds.put(slot, round);
        keys.put(jobId, key);
        rounds.put(jobId, round);
    }

    /** Forgets a deleted job. */
    void deleted(long jobId) {
        keys.remove(jobId);
        rounds.remove(jobId);
    }

    /**
     * The jobs to claim now, in claim order, among {@code eligible} (waiting, due, not held back by their lock, in
     * the watched queues), given every job of the store (for the running counts); records the starts.
     */
    List<Job> choose(List<Job> eligible, Collection<Job> all, int max, Instant now) {
        List<Job> chosen = new ArrayList<>();
        int remaining = max;
        for (QueueControl control : controls.values()) {
            QueueLimits limits = control.limits();
            if (remaining < 1 || control.paused() || !limits.isLimited()) {
                continue;
            }
            String queue = control.queueName();
            Deque<Start> queueStarts = starts.computeIfAbsent(queue, q -> new ArrayDeque<>());
            if (limits.ratePeriod() != null) {
                Instant horizon = now.minus(limits.ratePeriod());
                while (!queueStarts.isEmpty() && !queueStarts.peekFirst().at().isAfter(horizon)) {
                    queueStarts.removeFirst();
                }
            }
            Map<String, Integer> runningPerKey = new HashMap<>();
            int running = 0;
            for (Job job : all) {
                if (job.status() == JobStatus.DOING && job.workerId() != null && job.queueName().equals(queue)) {
                    running++;
                    String key = keys.get(job.id());
                    if (key != null) {
                        runningPerKey.merge(key, 1, Integer::sum);
                    }
                }
            }
            int allowance = remaining;
            if (limits.maxRunning() != null) {
                allowance = Math.min(allowance, limits.maxRunning() - running);
            }
            if (limits.maxStarts() != null) {
                allowance = Math.min(allowance, limits.maxStarts() - queueStarts.size());
            }
            Map<String, Integer> startsPerKey = new HashMap<>();
            queueStarts.forEach(s -> {
                if (s.key() != null) {
                    startsPerKey.merge(s.key(), 1, Integer::sum);
                }
            });
            long fairAtStart = fairRounds.getOrDefault(queue, 0L);
            long fair = fairAtStart;
            List<Job> candidates = new ArrayList<>(eligible.stream().filter(j -> j.queueName().equals(queue))
                    .toList());
            candidates.sort(Comparator.comparing(Job::priority).reversed()
                    .thenComparing(j -> limits.isLimitedPerKey() ? rounds.getOrDefault(j.id(), fairAtStart + 1) : 0L)
                    .thenComparing(Job::id));
            Map<String, Integer> taken = new HashMap<>();
            for (Job job : candidates) {
                if (allowance < 1) {
                    break;
                }
                String key = keys.get(job.id());
                if (key != null && limits.isLimitedPerKey()) {
                    int nth = taken.getOrDefault(key, 0) + 1;
                    if (limits.maxRunningPerKey() != null
                            && nth > limits.maxRunningPerKey() - runningPerKey.getOrDefault(key, 0)
                            || limits.maxStartsPerKey() != null
                            && nth > limits.maxStartsPerKey() - startsPerKey.getOrDefault(key, 0)) {
                        continue;
                    }
                    taken.put(key, nth);
                    fair = Math.max(fair, rounds.getOrDefault(job.id(), fair));
                }
                chosen.add(job);
                allowance--;
                remaining--;
                if (limits.ratePeriod() != null) {
                    queueStarts.addLast(new Start(key, now));
                }
            }
            fairRounds.put(queue, fair);
        }
        List<Job> free = new ArrayList<>(eligible.stream().filter(j -> !controlled(j.queueName())).toList());
        free.sort(Comparator.comparing(Job::priority).reversed().thenComparing(Job::id));
        chosen.addAll(free.subList(0, Math.min(Math.max(remaining, 0), free.size())));
        chosen.sort(Comparator.comparing(Job::priority).reversed().thenComparing(Job::id));
        return chosen;
    }

    private boolean controlled(String queue) {
        QueueControl control = controls.get(queue);
        return control != null && (control.paused() || control.limits().isLimited());
    }
}
