package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobContext;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.RegisteredTask;
import dev.procrastinate.core.json.JsonCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The {@link JobContext} of one run; arguments are parsed on first use. */
final class WorkerJobContext implements JobContext {

    private final RunningJob running;
    private final RegisteredTask task;
    private final JsonCodec json;
    private final WorkerOptions options;
    private final JobManager jobManager;
    private Map<String, Object> args;

    WorkerJobContext(RunningJob running, RegisteredTask task, JsonCodec json, WorkerOptions options,
            JobManager jobManager) {
        this.running = running;
        this.task = task;
        this.json = json;
        this.options = options;
        this.jobManager = jobManager;
    }

    @Override
    public Job job() {
        return running.job;
    }

    @Override
    public synchronized Map<String, Object> args() {
        if (args == null) {
            args = json.toMap(running.job.argsJson());
        }
        return args;
    }

    @Override
    public <T> T argsAs(Class<T> type) {
        return json.read(running.job.argsJson(), type);
    }

    @Override
    public <T> T arg(String name, Class<T> type) {
        Object value = args().get(name);
        return value == null ? null : json.convert(value, type);
    }

    @Override
    public String workerName() {
        return options.name();
    }

    @Override
    public List<String> workerQueues() {
        return options.queues();
    }

    @Override
    public Instant startedAt() {
        return running.startedAt;
    }

    @Override
    public Map<String, Object> additionalContext() {
        return options.additionalContext();
    }

    @Override
    public boolean shouldAbort() {
        return running.abortReason() != null || running.timedOutAt() != null;
    }

    @Override
    public RegisteredTask task() {
        return task;
    }

    @Override
    public JobManager jobManager() {
        return jobManager;
    }
}
