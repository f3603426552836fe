package dev.procrastinate.cli;

import dev.procrastinate.core.worker.DeleteJobs;
import dev.procrastinate.core.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code procrastinate worker}: runs a worker until SIGINT/SIGTERM (a second one aborts running jobs). */
@Command(name = "worker", description = "Run a worker. SIGINT/SIGTERM stop it gracefully; a second signal aborts "
        + "running jobs.")
final class WorkerCommand implements Callable<Integer> {

    @ParentCommand
    ProcrastinateCommand root;

    @Option(names = {"-n", "--name"}, defaultValue = "${env:PROCRASTINATE_WORKER_NAME:-worker}")
    String name;

    @Option(names = {"-q", "--queues"}, split = ",", defaultValue = "${env:PROCRASTINATE_WORKER_QUEUES}",
            description = "Comma-separated queues to take jobs from (default: all).")
    List<String> queues;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "${env:PROCRASTINATE_WORKER_CONCURRENCY:-1}")
    int concurrency;

    @Option(names = {"-p", "--fetch-job-polling-interval"},
            defaultValue = "${env:PROCRASTINATE_WORKER_FETCH_JOB_POLLING_INTERVAL:-5}", description = "Seconds.")
    double fetchJobPollingInterval;

    @Option(names = {"-a", "--abort-job-polling-interval"},
            defaultValue = "${env:PROCRASTINATE_WORKER_ABORT_JOB_POLLING_INTERVAL:-5}", description = "Seconds.")
    double abortJobPollingInterval;

    @Option(names = "--shutdown-graceful-timeout",
            defaultValue = "${env:PROCRASTINATE_WORKER_SHUTDOWN_GRACEFUL_TIMEOUT}",
            description = "Seconds running jobs get to finish after a stop (default: forever).")
    Double shutdownGracefulTimeout;

    @Option(names = {"-w", "--wait"}, defaultValue = "${env:PROCRASTINATE_WORKER_WAIT:-true}", negatable = true,
            description = "Wait for new jobs (default). --no-wait or --one-shot: stop once no job is left.")
    boolean wait;

    @Option(names = "--one-shot", description = "Same as --no-wait.")
    boolean oneShot;

    @Option(names = {"-l", "--listen-notify"}, negatable = true,
            defaultValue = "${env:PROCRASTINATE_WORKER_LISTEN_NOTIFY:-true}")
    boolean listenNotify;

    @Option(names = "--delete-jobs", defaultValue = "${env:PROCRASTINATE_WORKER_DELETE_JOBS:-never}",
            description = "never, successful or always.")
    DeleteJobs deleteJobs;

    @Option(names = "--update-heartbeat-interval",
            defaultValue = "${env:PROCRASTINATE_WORKER_UPDATE_HEARTBEAT_INTERVAL:-10}", description = "Seconds.")
    double updateHeartbeatInterval;

    @Option(names = "--stalled-worker-timeout",
            defaultValue = "${env:PROCRASTINATE_WORKER_STALLED_WORKER_TIMEOUT:-30}", description = "Seconds.")
    double stalledWorkerTimeout;

    @Override
    public Integer call() {
        WorkerOptions options = WorkerOptions.builder()
                .name(name)
                .queues(queues == null ? List.of() : queues.stream().map(String::trim).filter(q -> !q.isEmpty())
                        .toList())
                .concurrency(concurrency)
                .fetchJobPollingInterval(seconds(fetchJobPollingInterval))
                .abortJobPollingInterval(seconds(abortJobPollingInterval))
                .shutdownGracefulTimeout(shutdownGracefulTimeout == null ? null : seconds(shutdownGracefulTimeout))
                .waitForJobs(wait && !oneShot)
                .listenNotify(listenNotify)
                .deleteJobs(deleteJobs)
                .updateHeartbeatInterval(seconds(updateHeartbeatInterval))
                .stalledWorkerTimeout(seconds(stalledWorkerTimeout))
                .installSignalHandlers(true)
                .build();
        root.app().schema().check();
        root.app().runWorker(options);
        return 0;
    }

    static Duration seconds(double value) {
        return Duration.ofNanos(Math.round(value * 1e9));
    }
}
