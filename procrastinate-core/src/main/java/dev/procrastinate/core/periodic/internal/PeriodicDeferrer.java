package dev.procrastinate.core.periodic.internal;

import dev.procrastinate.core.periodic.PeriodicTask;
import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.core.json.JsonCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Defers the due ticks of periodic tasks; every worker runs one, and the database keeps each tick to one job.
 * On its first pass only the latest missed tick within {@code maxDelay} is deferred (a worker that was down for a
 * day does not replay the day); after that, every tick since the previous pass is.
 */
public final class PeriodicDeferrer {

    /** Upstream's {@code MAX_DELAY}. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicDeferrer.class);

    private final List<PeriodicTask> tasks;
    private final Function<String, Optional<TaskOptions>> optionsOf;
    private final WorkerStore store;
    private final JsonCodec json;
    private final Clock clock;
    private final Duration maxDelay;
    private final Map<PeriodicTask, Instant> checkedUpTo = new HashMap<>();

    /** {@code optionsOf}: the options of the task of a name, empty when this process does not know it. */
    public PeriodicDeferrer(List<PeriodicTask> tasks, Function<String, Optional<TaskOptions>> optionsOf,
            WorkerStore store, JsonCodec json, Clock clock, Duration maxDelay) {
        this.tasks = List.copyOf(tasks);
        this.optionsOf = optionsOf;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.maxDelay = maxDelay;
    }

    /**
     * Defers what is due now; returns the ids of the jobs this call deferred (ticks others took are skipped). A tick
     * whose queueing lock is taken by a job still waiting is skipped, as upstream does, and a task that cannot be
     * deferred for another non-transient reason is logged and tried again on the next pass: neither holds back the
     * other tasks. A transient error (the database is unreachable) ends the pass.
     */
    public synchronized List<Long> deferDueTicks() {
        Instant now = clock.instant();
        List<Long> deferred = new java.util.ArrayList<>();
        for (PeriodicTask task : tasks) {
            try {
                deferDueTicks(task, now, deferred);
            } catch (ProcrastinateException e) {
                if (e.isTransient()) {
                    throw e;
                }
                LOG.atWarn().addKeyValue("action", "periodic_task_defer_failed").setCause(e)
                        .log("could not defer periodic task '{}' ({}): trying again on the next pass",
                                task.taskName(), e.getMessage());
            }
        }
        return deferred;
    }

    private void deferDueTicks(PeriodicTask task, Instant now, List<Long> deferred) {
        Instant previous = checkedUpTo.get(task);
        if (previous == null) {
            task.schedule().latestAtOrBefore(now)
                    .filter(tick -> !tick.isBefore(now.minus(maxDelay)))
                    .flatMap(tick -> defer(task, tick))
                    .ifPresent(deferred::add);
        } else {
            Optional<Instant> tick = task.schedule().next(previous);
            while (tick.isPresent() && !tick.get().isAfter(now)) {
                defer(task, tick.get()).ifPresent(deferred::add);
                tick = task.schedule().next(tick.get());
            }
        }
        checkedUpTo.put(task, now);
    }

    private Optional<Long> defer(PeriodicTask task, Instant tick) {
        TaskOptions options = optionsOf.apply(task.taskName()).orElseGet(TaskOptions::defaults);
        Map<String, Object> args = new LinkedHashMap<>(task.args());
        args.put("timestamp", tick.getEpochSecond());
        String queueingLock = task.queueingLock() != null ? task.queueingLock() : options.queueingLock();
        JobToDefer job = new JobToDefer(task.queue() != null ? task.queue() : options.queue(), task.taskName(),
                task.priority() != null ? task.priority() : options.priority(),
                task.lock() != null ? task.lock() : options.lock(), queueingLock, json.toJsonObject(args), null);
        Optional<Long> id;
        try {
            id = store.deferPeriodicJob(job, task.periodicId(), tick);
        } catch (AlreadyEnqueuedException e) {
            LOG.atInfo().addKeyValue("action", "skip_periodic_task_queueing_lock")
                    .log("periodic task '{}' tick {} skipped: a job with queueing lock '{}' is still waiting",
                            task.taskName(), tick, queueingLock);
            return Optional.empty();
        }
        id.ifPresent(jobId -> LOG.atInfo().addKeyValue("action", "periodic_job_deferred")
                .log("deferred periodic job {} of task '{}' for tick {}", jobId, task.taskName(), tick));
        return id;
    }
}
