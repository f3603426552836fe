package dev.procrastinate.cli;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobNotFoundException;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.StatusCounts;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The shell's commands, with upstream's names and output lines. */
@Command(name = "", mixinStandardHelpOptions = false, subcommands = picocli.CommandLine.HelpCommand.class)
final class ShellCommands {

    private final JobManager jobs;
    private final PrintWriter out;

    ShellCommands(JobManager jobs, PrintWriter out) {
        this.jobs = jobs;
        this.out = out;
    }

    @Command(name = "list_jobs", description = "List jobs, newest first, with filters.")
    void listJobs(@Option(names = "--id") Long id, @Option(names = "--queue") String queue,
            @Option(names = "--task") String task, @Option(names = "--status") String status,
            @Option(names = "--lock") String lock, @Option(names = "--queueing-lock") String queueingLock) {
        JobQuery query = JobQuery.all().withId(id).withQueue(queue).withTask(task).withLock(lock)
                .withQueueingLock(queueingLock)
                .withStatus(status == null ? null : JobStatus.fromDb(status.toLowerCase(Locale.ROOT)));
        jobs.listJobs(query).forEach(job -> out.println(line(job)));
    }

    @Command(name = "list_queues", description = "Jobs per status in each queue.")
    void listQueues(@Option(names = "--queue") String queue) {
        print(jobs.listQueues(queue));
    }

    @Command(name = "list_tasks", description = "Jobs per status for each task.")
    void listTasks(@Option(names = "--task") String task) {
        print(jobs.listTasks(task));
    }

    @Command(name = "list_locks", description = "Jobs per status for each lock.")
    void listLocks(@Option(names = "--lock") String lock) {
        print(jobs.listLocks(lock));
    }

    @Command(name = "cancel", description = "Cancel a waiting job.")
    void cancel(@Parameters(paramLabel = "ID") long id) {
        if (!jobs.cancelJob(id, false, false)) {
            throw new JobNotFoundException(id, "job " + id + " is not waiting (todo), so it cannot be cancelled");
        }
        out.println(line(jobs.getJob(id).orElseThrow()));
    }

    @Command(name = "retry", description = "Retry a failed job now.")
    void retry(@Parameters(paramLabel = "ID") long id) {
        jobs.retryJob(id, Instant.now(), null, null, null);
        out.println(line(jobs.getJob(id).orElseThrow()));
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
