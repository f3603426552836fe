package dev.procrastinate.core;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.Task;
import dev.procrastinate.api.TaskNotFoundException;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.core.job.SqlJobManager;
import dev.procrastinate.core.periodic.internal.PeriodicDeferrer;
import dev.procrastinate.core.periodic.PeriodicTask;
import dev.procrastinate.core.task.Blueprint;
import dev.procrastinate.core.task.internal.BuiltinTasks;
import dev.procrastinate.core.json.JsonCodec;
import dev.procrastinate.core.schema.SchemaManager;
import dev.procrastinate.core.task.JobDeferrer;
import dev.procrastinate.core.task.TaskDefinition;
import dev.procrastinate.core.task.internal.TaskRegistry;
import dev.procrastinate.core.task.UnknownTasks;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import dev.procrastinate.core.worker.WorkerSetup;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entry point: a connector, the registered tasks, and what defers and runs their jobs. Thread-safe.
 *
 * <pre>{@code
 * App app = App.create(JdbcConnector.create(ConnectorOptions.ofUrl(url)));
 * app.task("sum", ctx -> System.out.println(ctx.arg("a", Integer.class) + ctx.arg("b", Integer.class)));
 * app.configureTask("sum").defer(Map.of("a", 1, "b", 2));
 * app.runWorker(WorkerOptions.builder().waitForJobs(false).build());
 * }</pre>
 */
public final class App implements AutoCloseable {

    private final Connector connector;
    private final JobManager jobManager;
    private final WorkerStore workerStore;
    private final JsonCodec json;
    private final Clock clock;
    private final TaskRegistry tasks = new TaskRegistry();
    private final List<PeriodicTask> periodic = new CopyOnWriteArrayList<>();
    private final Duration periodicMaxDelay;
    private final WorkerOptions workerDefaults;
    private final UnknownTasks unknownTasks;

    private App(Builder builder) {
        if (builder.connector == null && (builder.jobManager == null || builder.workerStore == null)) {
            throw new ConfigurationException("App needs a connector (or, for unit tests, a job manager and a worker "
                    + "store such as procrastinate-testing's InMemoryJobManager: "
                    + "App.builder().store(new InMemoryJobManager()))");
        }
        this.connector = builder.connector;
        this.json = builder.json != null ? builder.json : JsonCodec.standard();
        this.clock = builder.clock != null ? builder.clock : Clock.systemUTC();
        SqlJobManager sql = builder.jobManager != null && builder.workerStore != null ? null
                : new SqlJobManager(connector);
        this.jobManager = builder.jobManager != null ? builder.jobManager : sql;
        this.workerStore = builder.workerStore != null ? builder.workerStore : sql;
        this.periodicMaxDelay = builder.periodicMaxDelay;
        this.workerDefaults = builder.workerDefaults;
        this.unknownTasks = builder.unknownTasks;
        BuiltinTasks.definitions().forEach(tasks::register);
    }

    /** An app on this connector, with the SQL job manager. */
    public static App create(Connector connector) {
        return builder().connector(connector).build();
    }

    /** An app on the connector that {@link Connectors} finds on the class path for this URL. */
    public static App fromUrl(String url) {
        return create(Connectors.create(url));
    }

    /** An app on the connector that {@link Connectors} finds on the class path for these options. */
    public static App fromOptions(ConnectorOptions options) {
        return create(Connectors.create(options));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers a task with default options (queue "default", priority 0, no retry). */
    public App task(String name, Task task) {
        return task(name, TaskOptions.defaults(), task);
    }

    /** Registers a task; a name or alias registered twice is a {@code ConfigurationException}. */
    public App task(String name, TaskOptions options, Task task) {
        tasks.register(new TaskDefinition(name, options, task));
        return this;
    }

    public App register(TaskDefinition definition) {
        tasks.register(definition);
        return this;
    }

    /**
     * Makes {@code alias} another name of the registered task {@code taskName} (upstream's {@code add_task_alias}):
     * jobs deferred under the alias are stored under the task's own name, and jobs stored under the alias (by
     * another process) run the task.
     *
     * @throws TaskNotFoundException when no task is registered as {@code taskName}
     * @throws ConfigurationException when {@code alias} already names a task or an alias
     */
    public App addTaskAlias(String alias, String taskName) {
        tasks.addAlias(alias, taskName);
        return this;
    }

    /**
     * Registers a task and defers it on a cron schedule: {@code app.periodic("0 * * * *", "hourly", task)}.
     */
    public App periodic(String cron, String name, Task task) {
        task(name, task);
        return periodic(PeriodicTask.builder(name, cron).build());
    }

    /** Defers an already registered (or remote) task on a schedule; every worker of this app runs the deferrer. */
    public App periodic(PeriodicTask periodicTask) {
        boolean duplicate = periodic.stream().anyMatch(p -> p.taskName().equals(periodicTask.taskName())
                && p.periodicId().equals(periodicTask.periodicId()));
        if (duplicate) {
            throw new ConfigurationException("periodic task '" + periodicTask.taskName() + "' with periodic id '"
                    + periodicTask.periodicId() + "' is already scheduled; give each schedule its own periodicId");
        }
        periodic.add(periodicTask);
        return this;
    }

    public List<PeriodicTask> periodicTasks() {
        return List.copyOf(periodic);
    }

    /** A deferrer of this app's periodic tasks for one worker, or empty when there are none. */
    public Optional<PeriodicDeferrer> periodicDeferrer() {
        if (periodic.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PeriodicDeferrer(periodic, name -> tasks.find(name).map(TaskDefinition::options),
                workerStore, json, clock, periodicMaxDelay));
    }

    /**
     * Registers the tasks of a blueprint under {@code namespace:name} (aliases are prefixed too), and schedules the
     * periodic tasks declared on it under those names.
     */
    public App addBlueprint(Blueprint blueprint, String namespace) {
        blueprint.definitions().forEach(definition -> tasks.register(blueprint.namespaced(definition, namespace)));
        blueprint.periodicTasks().forEach(p -> periodic(p.withTaskName(namespace + ":" + p.taskName())));
        return this;
    }

    public TaskRegistry tasks() {
        return tasks;
    }

    /**
     * A deferrer for the task of this name or alias, with its registered options (jobs are stored under the task's
     * own name, as upstream does). A task not registered in this process is deferred with the default options (the
     * web app that defers by name without the task code, upstream's {@code app.configure_task(name=…)}) unless the
     * app was built with {@link Builder#unknownTasks(UnknownTasks) unknownTasks(REFUSE)}.
     *
     * @throws TaskNotFoundException when the task is unknown and the app refuses unknown tasks
     */
    public JobDeferrer configureTask(String name) {
        return configureTask(name, unknownTasks);
    }

    /**
     * {@link #configureTask(String)}, refusing or allowing a task this app does not know as {@code unknown} says
     * (upstream's {@code configure_task(name, allow_unknown=…)}).
     *
     * @throws TaskNotFoundException when the task is unknown and {@code unknown} is {@link UnknownTasks#REFUSE}
     */
    public JobDeferrer configureTask(String name, UnknownTasks unknown) {
        Optional<TaskDefinition> task = tasks.find(name);
        if (task.isEmpty() && unknown == UnknownTasks.REFUSE) {
            throw new TaskNotFoundException(name, tasks.names());
        }
        TaskOptions options = task.map(TaskDefinition::options).orElseGet(TaskOptions::defaults);
        return JobDeferrer.of(jobManager, connector, json, clock, task.map(TaskDefinition::name).orElse(name), options);
    }

    /** Shortcut for {@code configureTask(name).defer(args)}. */
    public long defer(String taskName, Object args) {
        return configureTask(taskName).defer(args);
    }

    /** Shortcut for {@code configureTask(name).batchDefer(argsList)}. */
    public List<Long> batchDefer(String taskName, List<?> argsList) {
        return configureTask(taskName).batchDefer(argsList);
    }

    /** The users' operations on the queue (defer, cancel, retry, list …). */
    public JobManager jobManager() {
        return jobManager;
    }

    /** What this app's workers use to claim and end jobs; applications call {@link #jobManager()} instead. */
    public WorkerStore workerStore() {
        return workerStore;
    }

    /** The connector; a {@code ConfigurationException} for an app built on a job manager alone. */
    public Connector connector() {
        if (connector == null) {
            throw new ConfigurationException("this app has no connector: it was built on a job manager alone");
        }
        return connector;
    }

    /** Whether the app has a database connector (false for an in-memory app). */
    public boolean hasConnector() {
        return connector != null;
    }

    public JsonCodec json() {
        return json;
    }

    public Clock clock() {
        return clock;
    }

    public SchemaManager schema() {
        return new SchemaManager(connector());
    }

    /**
     * A worker for this app with exactly these options, not yet started; {@link #worker(UnaryOperator)} starts from
     * the app's worker defaults instead.
     */
    public Worker worker(WorkerOptions options) {
        return new Worker(new WorkerSetup(tasks, workerStore, jobManager, json, clock, periodicDeferrer(),
                Optional.ofNullable(connector)), options);
    }

    /**
     * A worker with the app's {@link Builder#workerDefaults(WorkerOptions) worker defaults} changed as
     * {@code overrides} says: {@code app.worker(o -> o.queues("emails").concurrency(4))}.
     */
    public Worker worker(UnaryOperator<WorkerOptions.Builder> overrides) {
        return worker(overrides.apply(workerDefaults.toBuilder()).build());
    }

    /** The options every worker of {@link #worker(UnaryOperator)} starts from. */
    public WorkerOptions workerDefaults() {
        return workerDefaults;
    }

    /** Runs a worker in this thread until it stops (a signal, {@link Worker#stop()}, or one-shot completion). */
    public void runWorker(WorkerOptions options) {
        worker(options).run();
    }

    /** {@link #runWorker(WorkerOptions)} with the app's worker defaults changed as {@code overrides} says. */
    public void runWorker(UnaryOperator<WorkerOptions.Builder> overrides) {
        worker(overrides).run();
    }

    public App open() {
        if (connector != null) {
            connector.open();
        }
        return this;
    }

    @Override
    public void close() {
        if (connector != null) {
            connector.close();
        }
    }

    /**
     * Builder: a connector, or a job manager and a worker store alone (an in-memory app for unit tests, whose workers
     * poll); the JSON codec and the clock may be replaced. Without a job manager or a worker store, the SQL one on
     * the connector is used.
     */
    public static final class Builder {
        private Connector connector;
        private JsonCodec json;
        private Clock clock;
        private JobManager jobManager;
        private WorkerStore workerStore;
        private Duration periodicMaxDelay = PeriodicDeferrer.DEFAULT_MAX_DELAY;
        private WorkerOptions workerDefaults = WorkerOptions.defaults();
        private UnknownTasks unknownTasks = UnknownTasks.ALLOW;

        private Builder() {
        }

        /**
         * The options workers of this app start from (upstream's {@code App(worker_defaults=…)}):
         * {@link App#worker(UnaryOperator)} and {@link App#runWorker(UnaryOperator)} change only what they set.
         */
        public Builder workerDefaults(WorkerOptions value) {
            this.workerDefaults = Objects.requireNonNull(value, "workerDefaults");
            return this;
        }

        /** Whether {@link App#configureTask(String)} defers tasks this app does not know; default ALLOW, as upstream. */
        public Builder unknownTasks(UnknownTasks value) {
            this.unknownTasks = Objects.requireNonNull(value, "unknownTasks");
            return this;
        }

        /** How late a missed periodic tick may still be deferred when a worker starts (upstream: 10 minutes). */
        public Builder periodicMaxDelay(Duration value) {
            this.periodicMaxDelay = value;
            return this;
        }

        public Builder connector(Connector value) {
            this.connector = value;
            return this;
        }

        public Builder json(JsonCodec value) {
            this.json = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** The job manager users get from {@link App#jobManager()}, e.g. a {@code ForwardingJobManager}. */
        public Builder jobManager(JobManager value) {
            this.jobManager = value;
            return this;
        }

        /** The store this app's workers claim and end jobs with. */
        public Builder workerStore(WorkerStore value) {
            this.workerStore = value;
            return this;
        }

        /** One object as both the job manager and the worker store: the in-memory one of procrastinate-testing. */
        public <S extends JobManager & WorkerStore> Builder store(S value) {
            return jobManager(value).workerStore(value);
        }

        public App build() {
            return new App(this);
        }
    }
}
