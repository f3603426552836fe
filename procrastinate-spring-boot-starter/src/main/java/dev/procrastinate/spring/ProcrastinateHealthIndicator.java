package dev.procrastinate.spring;

import dev.procrastinate.core.App;
import dev.procrastinate.core.schema.SchemaManager;
import dev.procrastinate.core.worker.Worker;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code procrastinate} in the health endpoint: DOWN when the database cannot be reached, when the schema is missing,
 * or when the in-application worker has stopped while the application runs; details give the connector, the schema
 * version and the worker's state, id, running jobs and whether LISTEN is up.
 */
public final class ProcrastinateHealthIndicator extends AbstractHealthIndicator {

    private final App app;
    private final Optional<ProcrastinateWorkerLifecycle> worker;

    public ProcrastinateHealthIndicator(App app, Optional<ProcrastinateWorkerLifecycle> worker) {
        super("procrastinate health check failed");
        this.app = app;
        this.worker = worker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("connector", app.connector().name());
        boolean schema = app.schema().isApplied();
        builder.withDetail("schema", schema ? SchemaManager.SCHEMA_VERSION : "missing");
        boolean up = schema;
        if (worker.isPresent()) {
            Optional<Worker> running = worker.get().worker();
            Worker.State state = running.map(Worker::state).orElse(Worker.State.NEW);
            builder.withDetail("worker", state.toString().toLowerCase(Locale.ROOT));
            running.flatMap(Worker::workerId).ifPresent(id -> builder.withDetail("workerId", id));
            running.ifPresent(w -> builder.withDetail("runningJobs", w.runningJobIds().size())
                    .withDetail("listening", w.isListening()));
            up &= state == Worker.State.RUNNING || state == Worker.State.NEW;
        } else {
            builder.withDetail("worker", "disabled");
        }
        if (up) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
