package dev.procrastinate.core.periodic;

import dev.procrastinate.api.ConfigurationException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

/**
 * A task deferred on a cron schedule. Each tick defers one job, once across all workers, with these arguments plus
 * {@code timestamp} (the tick in Unix seconds). {@code periodicId} tells apart several schedules of one task. The
 * schedule's own {@code queue}, {@code priority}, {@code lock} and {@code queueingLock} replace the task's options
 * when not null (upstream's {@code @app.periodic(cron=…, queue=…, lock=…, …)}). Build with
 * {@link #builder(String, String)}. Immutable.
 */
public record PeriodicTask(String taskName, CronSchedule schedule, String periodicId, Map<String, Object> args,
        String queue, Integer priority, String lock, String queueingLock) {

    /**
     * @throws NullPointerException when {@code taskName}, {@code schedule}, {@code periodicId} or {@code args} is null
     * @throws ConfigurationException when {@code args} holds {@code timestamp}, or {@code queue} is not 1 to 128
     *     characters
     */
    public PeriodicTask {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(periodicId, "periodicId");
        args = Map.copyOf(args);
        if (args.containsKey("timestamp")) {
            throw new ConfigurationException("periodic task '" + taskName + "': the argument 'timestamp' is set by "
                    + "the scheduler");
        }
        if (queue != null && (queue.isBlank() || queue.length() > 128)) {
            throw new ConfigurationException("periodic task '" + taskName + "': queue must have 1 to 128 "
                    + "characters, was '" + queue + "'");
        }
    }

    public static Builder builder(String taskName, String cron) {
        return new Builder(taskName, cron);
    }

    /** This schedule for the task of another name (a blueprint's task added under a namespace). */
    public PeriodicTask withTaskName(String value) {
        return new PeriodicTask(value, schedule, periodicId, args, queue, priority, lock, queueingLock);
    }

    /** Builder: periodic id {@code ""}, no arguments, UTC, the task's own queue, priority and locks. */
    public static final class Builder {
        private final String taskName;
        private final String cron;
        private String periodicId = "";
        private Map<String, Object> args = Map.of();
        private ZoneId zone = ZoneOffset.UTC;
        private String queue;
        private Integer priority;
        private String lock;
        private String queueingLock;

        private Builder(String taskName, String cron) {
            this.taskName = taskName;
            this.cron = cron;
        }

        public Builder periodicId(String value) { this.periodicId = value; return this; }

        public Builder args(Map<String, Object> value) { this.args = value; return this; }

        /** The time zone the cron expression is read in; upstream always uses UTC. */
        public Builder zone(ZoneId value) { this.zone = value; return this; }

        /** The queue of this schedule's jobs (null: the task's). */
        public Builder queue(String value) { this.queue = value; return this; }

        /** The priority of this schedule's jobs (null: the task's). */
        public Builder priority(Integer value) { this.priority = value; return this; }

        /** The lock of this schedule's jobs (null: the task's). */
        public Builder lock(String value) { this.lock = value; return this; }

        /** The queueing lock of this schedule's jobs (null: the task's): a tick is skipped while one waits. */
        public Builder queueingLock(String value) { this.queueingLock = value; return this; }

        public PeriodicTask build() {
            return new PeriodicTask(taskName, CronSchedule.parse(cron, zone), periodicId, args, queue, priority,
                    lock, queueingLock);
        }
    }
}
