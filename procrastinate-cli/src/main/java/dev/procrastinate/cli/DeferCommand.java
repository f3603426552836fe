package dev.procrastinate.cli;

import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.TaskNotFoundException;
import dev.procrastinate.core.App;
import dev.procrastinate.core.task.JobDeferrer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code procrastinate defer TASK [JSON]}: defers one job and prints its id. */
@Command(name = "defer", mixinStandardHelpOptions = true, resourceBundle = "dev.procrastinate.cli.DeferHelp",
        showDefaultValues = true,
        description = {"Defer a job of TASK with its keyword arguments as a JSON object, and print the job's id.",
            "Large arguments: --args-file FILE, or - to read them from standard input."})
final class DeferCommand extends SubCommand {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "Name of the task.")
    String task;

    @Parameters(index = "1", paramLabel = "JSON_OBJECT", arity = "0..1",
            description = "Keyword arguments, e.g. '{\"to\": \"ada@example.org\"}'; - reads them from standard "
                    + "input. Default: {} (none).")
    String json;

    @Option(names = "--args-file", paramLabel = "FILE") Path argsFile;

    @Option(names = "--queue", paramLabel = "QUEUE") String queue;

    @Option(names = "--lock", paramLabel = "LOCK") String lock;

    @Option(names = "--queueing-lock", paramLabel = "LOCK") String queueingLock;

    @Option(names = {"-i", "--ignore-already-enqueued"}) boolean ignoreAlreadyEnqueued;

    @Option(names = "--at", paramLabel = "TIMESTAMP") String at;

    @Option(names = "--in", paramLabel = "SECONDS") Double in;

    @Option(names = "--priority", paramLabel = "N") Integer priority;

    @Option(names = "--unknown", negatable = true) boolean unknown;

    @Override
    public Integer call() {
        if (at != null && in != null) {
            throw new ParameterException(spec.commandLine(), "give --at or --in, not both");
        }
        if (in != null && !(in >= 0) || in != null && Double.isInfinite(in)) {
            throw new ParameterException(spec.commandLine(), "--in: " + WorkerCommand.format(in)
                    + " is not a number of seconds of 0 or "
                    + "more");
        }
        if (argsFile != null && json != null) {
            throw new ParameterException(spec.commandLine(), "give the arguments as JSON_OBJECT or --args-file, "
                    + "not both");
        }
        String text = arguments();
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
        String args = app.json().toJsonObject(text);
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

    /** The JSON text of the arguments: the parameter, the file, or standard input. */
    private String arguments() {
        try {
            if ("-".equals(json) || argsFile != null && argsFile.toString().equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (argsFile != null) {
                return Files.readString(argsFile, StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            throw new CliException("--args-file: " + argsFile + " does not exist");
        } catch (IOException e) {
            throw new CliException((argsFile != null ? "--args-file: cannot read " + argsFile
                    : "cannot read the arguments from standard input") + ": " + e.getMessage(), e);
        }
        return json == null ? "{}" : json;
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
