package dev.procrastinate.core.worker;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.core.json.JsonCodec;
import dev.procrastinate.core.periodic.internal.PeriodicDeferrer;
import dev.procrastinate.core.task.internal.TaskRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What a worker takes from its app: the tasks it runs, the store it claims and ends jobs in, the job manager its
 * tasks see ({@code JobContext.jobManager()}), the JSON codec of the
 * arguments, the clock it decides by, the periodic deferrer (if the app has periodic tasks), and the connector it
 * LISTENs on (empty for an app without a database, whose workers poll).
 */
public record WorkerSetup(TaskRegistry tasks, WorkerStore store, JobManager jobManager, JsonCodec json,
        Clock clock, Optional<PeriodicDeferrer> periodic, Optional<Connector> listenOn) {

    public WorkerSetup {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(jobManager, "jobManager");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(periodic, "periodic");
        Objects.requireNonNull(listenOn, "listenOn");
    }
}
