package dev.procrastinate.cli;

import dev.procrastinate.api.Cancellation;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobFailure;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.StatusCounts;
import dev.procrastinate.core.App;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The shell's commands, with upstream's names and output lines. */
@Command(name = "", subcommands = picocli.CommandLine.HelpCommand.class)
final class ShellCommands {

    static final int DEFAULT_LIMIT = 50;

    private final Supplier<App> app;
    private final PrintWriter out;
    private final PrintWriter err;

    @Spec
    CommandSpec spec;

    ShellCommands(Supplier<App> app, PrintWriter out, PrintWriter err) {
        this.app = app;
        this.out = out;
        this.err = err;
    }

    private JobManager jobs() {
        return app.get().jobManager();
    }

    @Command(name = "list_jobs", mixinStandardHelpOptions = true, versionProvider = Version.class,
            showDefaultValues = true,
            description = "List jobs, newest first, with filters.")
    void listJobs(
            @Option(names = "--id", paramLabel = "ID", description = "Only the job with this id.") Long id,
            @Option(names = "--queue", paramLabel = "QUEUE", description = "Only jobs of this queue.") String queue,
            @Option(names = "--task", paramLabel = "TASK", description = "Only jobs of this task.") String task,
            @Option(names = "--status", paramLabel = "STATUS",
                    description = "Only jobs in this status: todo, doing, succeeded, failed, cancelled, aborting "
                            + "or aborted.")
            String status,
            @Option(names = "--lock", paramLabel = "LOCK", description = "Only jobs with this lock.") String lock,
            @Option(names = "--queueing-lock", paramLabel = "LOCK", description = "Only jobs with this queueing lock.")
            String queueingLock,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
                    description = "Show at most N jobs, the newest; 0 shows all.") int limit,
            @Option(names = "--details", description = "Also the arguments, attempts, times, worker and errors "
                    + "of each job.") boolean details) {
        if (limit < 0) {
            throw new ParameterException(spec.subcommands().get("list_jobs"), "--limit: " + limit
                    + " is not a number of jobs of 0 (all) or more");
        }
        JobQuery query = JobQuery.all().withId(id).withQueue(queue).withTask(task).withLock(lock)
                .withQueueingLock(queueingLock).withStatus(status("list_jobs", status))
                .withLimit(limit == 0 ? 0 : limit + 1).newestFirst();
        List<Job> found = jobs().listJobs(query);
        List<Job> shown = limit > 0 && found.size() > limit ? found.subList(0, limit) : found;
        for (Job job : shown) {
            out.println(line(job));
            if (details) {
                details(job);
            }
        }
        out.flush();
        if (shown.size() < found.size()) {
            err.println("(the newest " + limit + " jobs shown; more match: --limit N shows more, --limit 0 all)");
            err.flush();
        }
    }

    private JobStatus status(String command, String status) {
        if (status == null) {
            return null;
        }
        for (JobStatus value : JobStatus.values()) {
            if (value.dbValue().equalsIgnoreCase(status.strip())) {
                return value;
            }
        }
        throw new ParameterException(spec.subcommands().get(command), "--status: '" + status
                + "' is not one of " + Stream.of(JobStatus.values()).map(JobStatus::dbValue)
                .collect(Collectors.joining(", ")));
    }

    private void details(Job job) {
        out.println("    arguments: " + job.argsJson());
        out.println("    attempts: " + job.attempts() + ", priority: " + job.priority()
                + (job.lock() == null ? "" : ", lock: " + job.lock())
                + (job.queueingLock() == null ? "" : ", queueing lock: " + job.queueingLock())
                + ", worker: " + (job.workerId() == null ? "-" : "#" + job.workerId())
                + (job.abortRequested() ? ", abort requested" : ""));
        List<JobEvent> events = jobs().listEvents(job.id());
        String times = events.stream().map(event -> event.type().name().toLowerCase(Locale.ROOT) + " " + event.at())
                .collect(Collectors.joining(", "));
        out.println("    scheduled: " + (job.scheduledAt() == null ? "-" : job.scheduledAt().toString())
                + (times.isEmpty() ? "" : "; " + times));
        List<JobFailure> failures = jobs().listFailures(job.id());
        if (failures.isEmpty()) {
            out.println("    last error: -");
        } else {
            JobFailure last = failures.get(failures.size() - 1);
            out.println("    last error: attempt " + last.attempt() + " at " + last.failedAt() + " on worker "
                    + (last.workerId() == null ? "-" : "#" + last.workerId()) + ": " + last.exceptionClass()
                    + (last.message() == null ? "" : ": " + oneLine(last.message()))
                    + (failures.size() > 1 ? " (" + failures.size() + " errors recorded)" : ""));
        }
    }

    /** The filters of list_queues, list_tasks and list_locks: upstream's queue, task, status and lock. */
    static final class CountFilters {
        @Option(names = "--queue", paramLabel = "QUEUE", description = "Only jobs of this queue.")
        String queue;
        @Option(names = "--task", paramLabel = "TASK", description = "Only jobs of this task.")
        String task;
        @Option(names = "--status", paramLabel = "STATUS", description = "Only jobs in this status: todo, doing, "
                + "succeeded, failed, cancelled, aborting or aborted.")
        String status;
        @Option(names = "--lock", paramLabel = "LOCK", description = "Only jobs with this lock.")
        String lock;
    }

    private JobQuery filter(String command, CountFilters filters) {
        return JobQuery.all().withQueue(filters.queue).withTask(filters.task).withLock(filters.lock)
                .withStatus(status(command, filters.status));
    }

    @Command(name = "list_queues", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Jobs per status in each queue, counting the jobs that match the filters.")
    void listQueues(@Mixin CountFilters filters) {
        print(jobs().listQueues(filter("list_queues", filters)));
    }

    @Command(name = "list_tasks", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Jobs per status for each task, counting the jobs that match the filters.")
    void listTasks(@Mixin CountFilters filters) {
        print(jobs().listTasks(filter("list_tasks", filters)));
    }

    @Command(name = "list_locks", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Jobs per status for each lock, counting the jobs that match the filters.")
    void listLocks(@Mixin CountFilters filters) {
        print(jobs().listLocks(filter("list_locks", filters)));
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Cancel a waiting (todo) job.")
    void cancel(@Parameters(paramLabel = "ID", description = "Id of the job.") long id) {
        Job job = existing(id);
        if (job.status() != JobStatus.TODO || !jobs().cancelJob(id, Cancellation.cancel())) {
            Job now = jobs().getJob(id).orElse(job);
            throw new CliException("cancel: job " + id + " is " + now.status().dbValue() + ", not todo; only "
                    + "a waiting job can be cancelled");
        }
        out.println(line(jobs().getJob(id).orElseThrow()));
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Retry a failed job now.")
    void retry(@Parameters(paramLabel = "ID", description = "Id of the job.") long id) {
        Job job = existing(id);
        if (job.status() != JobStatus.FAILED) {
            throw new CliException("retry: job " + id + " is " + job.status().dbValue() + ", not failed; only "
                    + "a failed job can be retried (list_jobs --status failed lists them)");
        }
        jobs().retryJob(id, RetryDecision.at(Instant.now()));
        out.println(line(jobs().getJob(id).orElseThrow()));
    }

    private Job existing(long id) {
        return jobs().getJob(id).orElseThrow(() -> new CliException("no job with id " + id));
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    static String line(Job job) {
        return "#" + job.id() + " " + job.taskName() + " on " + job.queueName() + " - [" + job.status().dbValue()
                + "]";
    }

    private void print(List<StatusCounts> counts) {
        for (StatusCounts count : counts) {
            String detail = Stream.of(JobStatus.TODO, JobStatus.DOING, JobStatus.SUCCEEDED, JobStatus.FAILED,
                    JobStatus.CANCELLED, JobStatus.ABORTED)
                    .map(status -> status.dbValue() + ": " + count.count(status))
                    .collect(Collectors.joining(", "));
            out.println(count.name() + ": " + count.total() + " jobs (" + detail + ")");
        }
    }
}
