package dev.procrastinate.core.task.internal;

import dev.procrastinate.core.task.TaskDefinition;
import dev.procrastinate.api.OldJobsDeletion;
import dev.procrastinate.api.TaskOptions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tasks every app has, under upstream's names so that jobs deferred from Python run here too. */
public final class BuiltinTasks {

    /** Deletes old finished jobs: {@code max_hours}, {@code queue}, {@code remove_failed|cancelled|aborted}. */
    public static final String REMOVE_OLD_JOBS = "procrastinate.builtin_tasks.remove_old_jobs";

    /** The queue of the builtin tasks, as upstream's. */
    public static final String QUEUE = "builtin";

    private static final Logger LOG = LoggerFactory.getLogger(BuiltinTasks.class);

    private BuiltinTasks() {
    }

    /** The builtin tasks, which every app registers. */
    public static List<TaskDefinition> definitions() {
        return List.of(new TaskDefinition(REMOVE_OLD_JOBS, TaskOptions.builder().queue(QUEUE).build(), context -> {
            Number maxHours = context.arg("max_hours", Number.class);
            if (maxHours == null) {
                throw new IllegalArgumentException(REMOVE_OLD_JOBS + " needs the argument max_hours");
            }
            OldJobsDeletion which = OldJobsDeletion.olderThan(
                    Duration.ofSeconds(Math.round(maxHours.doubleValue() * 3600)))
                    .inQueue(context.arg("queue", String.class));
            if (Boolean.TRUE.equals(context.arg("remove_failed", Boolean.class))) {
                which = which.includingFailed();
            }
            if (Boolean.TRUE.equals(context.arg("remove_cancelled", Boolean.class))) {
                which = which.includingCancelled();
            }
            if (Boolean.TRUE.equals(context.arg("remove_aborted", Boolean.class))) {
                which = which.includingAborted();
            }
            long deleted = context.jobManager().deleteOldJobs(which);
            LOG.atInfo().addKeyValue("action", "remove_old_jobs").log("removed {} old job(s)", deleted);
        }));
    }
}
