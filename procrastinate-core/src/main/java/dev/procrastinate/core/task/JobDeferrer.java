package dev.procrastinate.core.task;

import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.core.json.JsonCodec;
import dev.procrastinate.core.job.CallerTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Defers jobs of one task name. Immutable: each {@code with…}/{@code configure} call returns a new deferrer, so one
 * can be kept in a field and shared between threads. Upstream's {@code JobDeferrer} / {@code task.configure(…)}.
 */
public final class JobDeferrer {

    private static final Logger LOG = LoggerFactory.getLogger(JobDeferrer.class);

    private final JobManager jobManager;
    private final Connector connector;
    private final JsonCodec json;
    private final Clock clock;
    private final String taskName;
    private final Settings settings;

    /** What the {@code with…} methods change, copied for each new deferrer. */
    private static final class Settings implements Cloneable {
        private String queue;
        private int priority;
        private String lock;
        private String queueingLock;
        private Map<String, Object> taskKwargs = Map.of();
        private Instant scheduleAt;
        private Duration scheduleIn;
        private String concurrencyKey;

        Settings copy() {
            try {
                return (Settings) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError("Settings is Cloneable", e);
            }
        }
    }

    private JobDeferrer(JobManager jobManager, Connector connector, JsonCodec json, Clock clock, String taskName,
            Settings settings) {
        this.jobManager = jobManager;
        this.connector = connector;
        this.json = json;
        this.clock = clock;
        this.taskName = taskName;
        this.settings = settings;
        if (settings.scheduleAt != null && settings.scheduleIn != null) {
            throw new ConfigurationException("task '" + taskName + "': set scheduleAt or scheduleIn, not both");
        }
    }

    /**
     * A deferrer with a task's default options. {@code connector} (null for an app on a job manager alone) serves
     * the defers on a caller's connection.
     */
    public static JobDeferrer of(JobManager jobManager, Connector connector, JsonCodec json, Clock clock,
            String taskName, TaskOptions options) {
        Settings settings = new Settings();
        settings.queue = options.queue();
        settings.priority = options.priority();
        settings.lock = options.lock();
        settings.queueingLock = options.queueingLock();
        return new JobDeferrer(Objects.requireNonNull(jobManager), connector, Objects.requireNonNull(json),
                Objects.requireNonNull(clock), Objects.requireNonNull(taskName), settings);
    }

    /** A new deferrer with this one's settings as {@code change} leaves them. */
    private JobDeferrer with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new JobDeferrer(jobManager, connector, json, clock, taskName, next);
    }

    public String taskName() {
        return taskName;
    }

    public JobDeferrer queue(String value) {
        Objects.requireNonNull(value, "queue");
        return with(next -> next.queue = value);
    }

    /** Higher runs first; may be negative. */
    public JobDeferrer priority(int value) {
        return with(next -> next.priority = value);
    }

    /** At most one job with this lock runs at a time, in priority then id order. */
    public JobDeferrer lock(String value) {
        return with(next -> next.lock = value);
    }

    /** At most one job with this queueing lock waits at a time; a second defer throws AlreadyEnqueued. */
    public JobDeferrer queueingLock(String value) {
        return with(next -> next.queueingLock = value);
    }

    /** Arguments merged under those given to {@code defer} (upstream's {@code task_kwargs}). */
    public JobDeferrer args(Map<String, ?> value) {
        Map<String, Object> copy = Map.copyOf(value);
        return with(next -> next.taskKwargs = copy);
    }

    /** Runs no earlier than this instant. Exclusive with {@link #scheduleIn}. */
    public JobDeferrer scheduleAt(Instant value) {
        return with(next -> next.scheduleAt = value);
    }

    /** Runs no earlier than this long after the defer call. Exclusive with {@link #scheduleAt}. */
    public JobDeferrer scheduleIn(Duration value) {
        return with(next -> next.scheduleIn = value);
    }

    /**
     * The key the queue's per-key limits count this job under, for example a customer id ({@code null}: none; see
     * {@link dev.procrastinate.api.QueueLimits}). Needs schema step 3 in a database.
     *
     * @throws ConfigurationException when the key is empty
     */
    public JobDeferrer concurrencyKey(String value) {
        if (value != null && value.isEmpty()) {
            throw new ConfigurationException("task '" + taskName + "': concurrencyKey must not be empty; "
                    + "pass null for no key");
        }
        return with(next -> next.concurrencyKey = value);
    }

    /** The row that {@code defer(args)} would insert. */
    public JobToDefer toJob(Object args) {
        Settings it = settings;
        String argsJson = it.taskKwargs.isEmpty() ? json.toJsonObject(args) : json.merge(it.taskKwargs, args);
        Instant at = it.scheduleIn != null ? clock.instant().plus(it.scheduleIn) : it.scheduleAt;
        return new JobToDefer(it.queue, taskName, it.priority, it.lock, it.queueingLock, argsJson, at,
                it.concurrencyKey);
    }

    /** Defers one job with these arguments (a Map, record, bean or JSON object text) and returns its id. */
    public long defer(Object args) {
        JobToDefer job = aboutToDefer(toJob(args));
        return deferred(job, jobManager.defer(job));
    }

    /** Defers one job with no arguments. */
    public long defer() {
        return defer(null);
    }

    /** Like {@link #defer(Object)}, but returns empty instead of throwing when the queueing lock is taken. */
    public Optional<Long> deferIgnoringAlreadyEnqueued(Object args) {
        try {
            return Optional.of(defer(args));
        } catch (AlreadyEnqueuedException e) {
            return Optional.empty();
        }
    }

    public CompletionStage<Long> deferAsync(Object args) {
        JobToDefer job = aboutToDefer(toJob(args));
        return jobManager.deferAsync(job).thenApply(id -> deferred(job, id));
    }

    /** Defers one job per argument set in one statement; all or none. */
    public List<Long> batchDefer(List<?> argsList) {
        List<JobToDefer> jobs = aboutToDefer(argsList);
        return deferred(jobs, jobManager.batchDefer(jobs));
    }

    /**
     * Defers on the caller's own connection, inside its transaction: the job exists and the worker is notified only
     * when the caller commits; a rollback leaves nothing. The connection is the driver's own: a
     * {@code java.sql.Connection} for the JDBC connectors, an {@code io.vertx.sqlclient.SqlConnection} for Vert.x;
     * another kind is a {@link ConfigurationException} naming the one expected. It is neither committed nor closed.
     */
    public long deferOn(Object connection, Object args) {
        CallerTransaction transaction = callerTransaction(connection);
        JobToDefer job = aboutToDefer(toJob(args));
        return deferred(job, transaction.defer(job));
    }

    /** {@link #batchDefer} on the caller's own connection, inside its transaction, as {@link #deferOn}. */
    public List<Long> batchDeferOn(Object connection, List<?> argsList) {
        CallerTransaction transaction = callerTransaction(connection);
        List<JobToDefer> jobs = aboutToDefer(argsList);
        return deferred(jobs, transaction.batchDefer(jobs));
    }

    /**
     * {@link #deferOn} without blocking, for a Vert.x {@code SqlConnection} used from its event loop (a JDBC
     * connection runs the statement on the calling thread and returns a completed stage).
     */
    public CompletionStage<Long> deferOnAsync(Object connection, Object args) {
        CallerTransaction transaction = callerTransaction(connection);
        JobToDefer job = aboutToDefer(toJob(args));
        return transaction.batchDeferAsync(List.of(job)).thenApply(ids -> deferred(job, ids.get(0)));
    }

    /** Upstream's {@code about_to_defer_job} (DEBUG), before one job is deferred. */
    private JobToDefer aboutToDefer(JobToDefer job) {
        LOG.atDebug().addKeyValue("action", "about_to_defer_job").addKeyValue("task_name", job.taskName())
                .addKeyValue("queue", job.queueName()).addKeyValue("task_kwargs", job.argsJson())
                .log("about to defer a job of task '{}' on queue '{}'", job.taskName(), job.queueName());
        return job;
    }

    /** Upstream's {@code job_defer} (INFO), once one job is deferred. */
    private static long deferred(JobToDefer job, long id) {
        LOG.atInfo().addKeyValue("action", "job_defer").addKeyValue("job_id", id)
                .addKeyValue("task_name", job.taskName()).addKeyValue("queue", job.queueName())
                .log("deferred job {} of task '{}' on queue '{}'", id, job.taskName(), job.queueName());
        return id;
    }

    /** Upstream's {@code about_to_defer_jobs} (DEBUG), before a batch is deferred; returns the batch's rows. */
    private List<JobToDefer> aboutToDefer(List<?> argsList) {
        List<JobToDefer> jobs = argsList.stream().map(this::toJob).toList();
        LOG.atDebug().addKeyValue("action", "about_to_defer_jobs").addKeyValue("task_name", taskName)
                .addKeyValue("count", jobs.size())
                .log("about to defer {} job(s) of task '{}'", jobs.size(), taskName);
        return jobs;
    }

    /** Upstream's {@code jobs_deferred} (INFO), once a batch is deferred. */
    private List<Long> deferred(List<JobToDefer> jobs, List<Long> ids) {
        LOG.atInfo().addKeyValue("action", "jobs_deferred").addKeyValue("task_name", taskName)
                .addKeyValue("count", ids.size()).addKeyValue("job_ids", ids)
                .log("deferred {} job(s) of task '{}'", jobs.size(), taskName);
        return ids;
    }

    private CallerTransaction callerTransaction(Object connection) {
        if (connector == null) {
            throw new ConfigurationException("task '" + taskName + "': deferring on a caller's connection needs an "
                    + "app with a connector; this one was built on a job manager alone");
        }
        return CallerTransaction.of(connector, connection);
    }
}
