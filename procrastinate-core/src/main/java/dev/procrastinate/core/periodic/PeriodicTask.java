package dev.procrastinate.core.periodic;

import dev.procrastinate.api.ConfigurationException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

/**
 * A task deferred on a cron schedule. Each tick defers one job, once across all workers, with the task's options
 * and these arguments plus {@code timestamp} (the tick in Unix seconds). {@code periodicId} tells apart several
 * schedules of one task. Build with {@link #builder(String, String)}.
 */
public record PeriodicTask(String taskName, CronSchedule schedule, String periodicId, Map<String, Object> args) {

    public PeriodicTask {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(periodicId, "periodicId");
        args = Map.copyOf(args);
        if (args.containsKey("timestamp")) {
            throw new ConfigurationException("periodic task '" + taskName + "': the argument 'timestamp' is set by "
                    + "the scheduler");
        }
    }

    public static Builder builder(String taskName, String cron) {
        return new Builder(taskName, cron);
    }

    /** Builder: periodic id {@code ""}, no arguments, UTC. */
    public static final class Builder {
        private final String taskName;
        private final String cron;
        private String periodicId = "";
        private Map<String, Object> args = Map.of();
        private ZoneId zone = ZoneOffset.UTC;

        private Builder(String taskName, String cron) {
            this.taskName = taskName;
            this.cron = cron;
        }

        public Builder periodicId(String value) {
            this.periodicId = value;
            return this;
        }

        public Builder args(Map<String, Object> value) {
            this.args = value;
            return this;
        }

        /** The time zone the cron expression is read in; upstream always uses UTC. */
        public Builder zone(ZoneId value) {
            this.zone = value;
            return this;
        }

        public PeriodicTask build() {
            return new PeriodicTask(taskName, CronSchedule.parse(cron, zone), periodicId, args);
        }
    }
}
