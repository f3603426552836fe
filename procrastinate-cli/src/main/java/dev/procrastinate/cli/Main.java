package dev.procrastinate.cli;

import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.core.worker.DeleteJobs;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code procrastinate} command. Exit codes: 0 success, 1 an error (one line on stderr, the
 * stack trace only with {@code -vv}), 2 a usage error (unknown flag, bad value).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        ProcrastinateCommand root = new ProcrastinateCommand();
        CommandLine commandLine = new CommandLine(root)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(DeleteJobs.class, value -> DeleteJobs.valueOf(value.toUpperCase(
                        java.util.Locale.ROOT)))
                .setExecutionStrategy(parseResult -> {
                    CliLogging.configure(root.verbosity(), root.logFormat);
                    return new CommandLine.RunLast().execute(parseResult);
                })
                .setExecutionExceptionHandler((error, line, parseResult) -> {
                    PrintWriter err = line.getErr();
                    err.println("procrastinate: error: " + message(error, root));
                    if (root.verbosity() >= 2) {
                        error.printStackTrace(err);
                    }
                    err.flush();
                    return 1;
                });
        commandLine.getSubcommands().get("shell").setStopAtPositional(true);
        try {
            return commandLine.execute(args);
        } finally {
            root.close();
        }
    }

    /** The error on one line: server messages carry "Where:"/"Position:" lines that are folded in. */
    private static String message(Throwable error, ProcrastinateCommand root) {
        return describe(error, root).strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String describe(Throwable error, ProcrastinateCommand root) {
        if (error instanceof ConnectionLostException) {
            return "cannot reach the database at " + root.target() + ": " + error.getMessage();
        }
        if (error instanceof ProcrastinateException || error instanceof IllegalArgumentException) {
            return error.getMessage();
        }
        return error.toString();
    }
}
