package dev.procrastinate.cli;

import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.DeleteJobs;
import dev.procrastinate.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code procrastinate worker}: runs a worker until SIGINT/SIGTERM (a second one aborts running jobs). */
@Command(name = "worker", mixinStandardHelpOptions = true, resourceBundle = "dev.procrastinate.cli.WorkerHelp",
        defaultValueProvider = EnvironmentDefaults.Worker.class, showDefaultValues = true,
        description = {"Run a worker for the tasks of --app until SIGINT or SIGTERM, which let running jobs finish; "
            + "a second signal aborts them.", "Every option can also be set as PROCRASTINATE_WORKER_<OPTION>, "
            + "e.g. PROCRASTINATE_WORKER_CONCURRENCY=8."})
final class WorkerCommand extends SubCommand {

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", defaultValue = "worker") String name;

    @Option(names = {"-q", "--queues"}, paramLabel = "QUEUES", split = ",") List<String> queues;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "1") int concurrency;

    @Option(names = {"-p", "--fetch-job-polling-interval"}, paramLabel = "SECONDS", defaultValue = "5")
    double fetchJobPollingInterval;

    @Option(names = {"-a", "--abort-job-polling-interval"}, paramLabel = "SECONDS", defaultValue = "5")
    double abortJobPollingInterval;

    @Option(names = "--shutdown-graceful-timeout", paramLabel = "SECONDS") Double shutdownGracefulTimeout;

    @Option(names = {"-w", "--wait"}, defaultValue = "true", negatable = true) boolean wait;

    @Option(names = "--one-shot") boolean oneShot;

    @Option(names = {"-l", "--listen-notify"}, negatable = true, defaultValue = "true") boolean listenNotify;

    @Option(names = "--delete-jobs", paramLabel = "WHEN", defaultValue = "never", converter = DeleteJobsConverter.class)
    DeleteJobs deleteJobs;

    @Option(names = "--update-heartbeat-interval", paramLabel = "SECONDS", defaultValue = "10")
    double updateHeartbeatInterval;

    @Option(names = "--stalled-worker-timeout", paramLabel = "SECONDS", defaultValue = "30")
    double stalledWorkerTimeout;

    @Option(names = "--default-timeout", paramLabel = "SECONDS") Double defaultTimeout;

    @Option(names = "--timeout-grace", paramLabel = "SECONDS", defaultValue = "5") double timeoutGrace;

    @Override
    public Integer call() {
        WorkerOptions options = options();
        if (!root.hasApp()) {
            throw new CliException("worker needs your tasks: give --app CLASS (or PROCRASTINATE_APP), with "
                    + "--classpath PATH to your jar; nothing was run");
        }
        App app = root.app();
        if (app.tasks().all().stream().allMatch(task -> task.name().startsWith("procrastinate.builtin_tasks."))) {
            throw new CliException("--app " + root.appClass.strip() + " registers no task; nothing was run");
        }
        app.schema().check();
        app.runWorker(defaults -> given(defaults, options));
        return 0;
    }

    /**
     * The app's worker defaults with the options given here (on the command line or in the environment) set over
     * them: an option left out keeps the app's value, as upstream's {@code worker_defaults}.
     */
    private WorkerOptions.Builder given(WorkerOptions.Builder defaults, WorkerOptions options) {
        defaults.installSignalHandlers(true);
        Map<String, Consumer<WorkerOptions.Builder>> setters = new LinkedHashMap<>();
        setters.put("NAME", b -> b.name(options.name()));
        setters.put("QUEUES", b -> b.queues(options.queues()));
        setters.put("CONCURRENCY", b -> b.concurrency(options.concurrency()));
        setters.put("FETCH_JOB_POLLING_INTERVAL", b -> b.fetchJobPollingInterval(options.fetchJobPollingInterval()));
        setters.put("ABORT_JOB_POLLING_INTERVAL", b -> b.abortJobPollingInterval(options.abortJobPollingInterval()));
        setters.put("SHUTDOWN_GRACEFUL_TIMEOUT",
                b -> b.shutdownGracefulTimeout(options.shutdownGracefulTimeout().orElse(null)));
        setters.put("WAIT", b -> b.waitForJobs(options.waitForJobs()));
        setters.put("ONE_SHOT", b -> b.waitForJobs(options.waitForJobs()));
        setters.put("LISTEN_NOTIFY", b -> b.listenNotify(options.listenNotify()));
        setters.put("DELETE_JOBS", b -> b.deleteJobs(options.deleteJobs()));
        setters.put("UPDATE_HEARTBEAT_INTERVAL", b -> b.updateHeartbeatInterval(options.updateHeartbeatInterval()));
        setters.put("STALLED_WORKER_TIMEOUT", b -> b.stalledWorkerTimeout(options.stalledWorkerTimeout()));
        setters.put("DEFAULT_TIMEOUT", b -> b.defaultTimeout(options.defaultTimeout().orElse(null)));
        setters.put("TIMEOUT_GRACE", b -> b.timeoutGrace(options.timeoutGrace()));
        EnvironmentDefaults environment = new EnvironmentDefaults.Worker();
        setters.forEach((option, setter) -> {
            String flag = "--" + option.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)
                    || System.getenv(environment.variable(flag)) != null) {
                setter.accept(defaults);
            }
        });
        return defaults;
    }

    /** The worker options, each value checked against what it means, before anything is touched. */
    WorkerOptions options() {
        List<String> names = queues == null ? List.of() : queues.stream().map(String::strip).toList();
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new ParameterException(spec.commandLine(), "--queues: an empty queue name in '"
                    + String.join(",", queues) + "'; give queue names separated by commas, or leave --queues out "
                    + "for all queues");
        }
        if (concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--concurrency: " + concurrency
                    + " is not a number of jobs of 1 or more");
        }
        positive("--fetch-job-polling-interval", fetchJobPollingInterval);
        positive("--abort-job-polling-interval", abortJobPollingInterval);
        positive("--update-heartbeat-interval", updateHeartbeatInterval);
        positive("--stalled-worker-timeout", stalledWorkerTimeout);
        if (stalledWorkerTimeout <= updateHeartbeatInterval) {
            throw new ParameterException(spec.commandLine(), "--stalled-worker-timeout: " + format(stalledWorkerTimeout)
                    + " seconds must be longer than --update-heartbeat-interval (" + format(updateHeartbeatInterval)
                    + " seconds), or live workers would count as stalled");
        }
        if (name == null || name.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--name: give a worker name that is not blank");
        }
        positive("--timeout-grace", timeoutGrace);
        if (defaultTimeout != null) {
            positive("--default-timeout", defaultTimeout);
        }
        if (shutdownGracefulTimeout != null && !(shutdownGracefulTimeout >= 0)) {
            throw new ParameterException(spec.commandLine(), "--shutdown-graceful-timeout: "
                    + shutdownGracefulTimeout + " is not a number of seconds of 0 or more");
        }
        try {
            return WorkerOptions.builder()
                    .name(name)
                    .queues(names)
                    .concurrency(concurrency)
                    .fetchJobPollingInterval(seconds(fetchJobPollingInterval))
                    .abortJobPollingInterval(seconds(abortJobPollingInterval))
                    .shutdownGracefulTimeout(shutdownGracefulTimeout == null ? null : seconds(shutdownGracefulTimeout))
                    .waitForJobs(wait && !oneShot)
                    .listenNotify(listenNotify)
                    .deleteJobs(deleteJobs)
                    .updateHeartbeatInterval(seconds(updateHeartbeatInterval))
                    .stalledWorkerTimeout(seconds(stalledWorkerTimeout))
                    .defaultTimeout(defaultTimeout == null ? null : seconds(defaultTimeout))
                    .timeoutGrace(seconds(timeoutGrace))
                    .installSignalHandlers(true)
                    .build();
        } catch (dev.procrastinate.api.ConfigurationException e) {
            throw new ParameterException(spec.commandLine(), "worker options: " + e.getMessage());
        }
    }

    private void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ParameterException(spec.commandLine(), option + ": " + format(value)
                    + " is not a number of seconds greater than 0");
        }
    }

    static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value)
                : Double.toString(value);
    }

    static Duration seconds(double value) {
        return Duration.ofNanos(Math.round(value * 1e9));
    }

    /** never, successful or always. */
    static final class DeleteJobsConverter extends ProcrastinateCommand.Choice<DeleteJobs> {
        DeleteJobsConverter() {
            super(DeleteJobs.class);
        }
    }
}
