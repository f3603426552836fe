package dev.procrastinate.cli;

import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.TaskNotFoundException;
import dev.procrastinate.core.App;
import dev.procrastinate.core.task.JobDeferrer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code procrastinate defer TASK [JSON]}: defers one job and prints its id. */
@Command(name = "defer", description = "Defer a job: TASK and its keyword arguments as a JSON object.")
final class DeferCommand implements Callable<Integer> {

    @ParentCommand
    ProcrastinateCommand root;

    @Parameters(index = "0", paramLabel = "TASK")
    String task;

    @Parameters(index = "1", paramLabel = "JSON_OBJECT", defaultValue = "{}")
    String json;

    @Option(names = "--queue")
    String queue;

    @Option(names = "--lock")
    String lock;

    @Option(names = "--queueing-lock")
    String queueingLock;

    @Option(names = {"-i", "--ignore-already-enqueued"},
            description = "Exit 0 without deferring when the queueing lock is taken.")
    boolean ignoreAlreadyEnqueued;

    @Option(names = "--at", description = "When to run, ISO 8601 with an offset, e.g. 2026-12-01T09:00:00+01:00.")
    String at;

    @Option(names = "--in", description = "Seconds from now.")
    Double in;

    @Option(names = "--priority")
    Integer priority;

    @Option(names = "--unknown", negatable = true,
            description = "Defer even if the task is not registered in the app (always needed without --app).")
    boolean unknown;

    @Override
    public Integer call() {
        if (at != null && in != null) {
            throw new ConfigurationException("give --at or --in, not both");
        }
        App app = root.app();
        if (!unknown && app.tasks().find(task).isEmpty()) {
            if (!root.hasApp()) {
                throw new ConfigurationException("task '" + task + "' is not known without --app; pass --unknown "
                        + "to defer it by name");
            }
            throw new TaskNotFoundException(task, app.tasks().names());
        }
        JobDeferrer deferrer = app.configureTask(task);
        if (queue != null) {
            deferrer = deferrer.queue(queue);
        }
        if (lock != null) {
            deferrer = deferrer.lock(lock);
        }
        if (queueingLock != null) {
            deferrer = deferrer.queueingLock(queueingLock);
        }
        if (priority != null) {
            deferrer = deferrer.priority(priority);
        }
        if (at != null) {
            deferrer = deferrer.scheduleAt(parseInstant(at));
        }
        if (in != null) {
            deferrer = deferrer.scheduleIn(WorkerCommand.seconds(in));
        }
        String args = app.json().toJsonObject(json);
        try {
            long id = deferrer.defer(args);
            System.out.println(id);
        } catch (AlreadyEnqueuedException e) {
            if (!ignoreAlreadyEnqueued) {
                throw e;
            }
            System.err.println("procrastinate: " + e.getMessage() + "; nothing deferred");
        }
        return 0;
    }

    static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException offsetMissing) {
            try {
                LocalDateTime.parse(text);
                throw new ConfigurationException("--at " + text + " has no time zone: add an offset such as Z or "
                        + "+01:00 (naive timestamps are refused)");
            } catch (DateTimeException notADate) {
                throw new ConfigurationException("--at " + text + " is not an ISO 8601 timestamp such as "
                        + "2026-12-01T09:00:00Z");
            }
        }
    }
}
