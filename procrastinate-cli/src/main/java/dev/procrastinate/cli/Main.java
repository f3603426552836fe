package dev.procrastinate.cli;

import dev.procrastinate.api.ProcrastinateException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code procrastinate} command. Exit codes: 0 success, 1 an error (one line on stderr, the
 * stack trace only with {@code -vv}), 2 a usage error (unknown flag, bad value: one line on stderr).
 */
public final class Main {

    static final String PREFIX = "procrastinate: error: ";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        ProcrastinateCommand root = new ProcrastinateCommand();
        CommandLine commandLine = new CommandLine(root)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExpandAtFiles(false)
                .setExecutionStrategy(parseResult -> {
                    CliLogging.configure(root.verbosity(), root.logFormat, root.stackTraces);
                    return new CommandLine.RunLast().execute(parseResult);
                })
                .setParameterExceptionHandler((error, arguments) -> usageError(error))
                .setExecutionExceptionHandler((error, line, parseResult) -> {
                    if (error instanceof CommandLine.ParameterException usage) {
                        return usageError(usage);
                    }
                    PrintWriter err = line.getErr();
                    err.println(PREFIX + message(error, root));
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

    /** A usage error on one line, with where to find the command's help: exit 2. */
    static int usageError(CommandLine.ParameterException error) {
        PrintWriter err = error.getCommandLine().getErr();
        err.println(PREFIX + usageMessage(error));
        err.flush();
        return 2;
    }

    static String usageMessage(CommandLine.ParameterException error) {
        String text = error.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        java.util.Set<String> commands = new java.util.TreeSet<>(error.getCommandLine().getSubcommands()
                .keySet());
        commands.remove("help");
        if (!commands.isEmpty() && text.startsWith("Missing required subcommand")) {
            text = "give a command: " + String.join(", ", commands);
        } else if (!commands.isEmpty() && error instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            text = "unknown command '" + unmatched.getUnmatched().get(0) + "'; the commands are "
                    + String.join(", ", commands);
        }
        if (!text.isEmpty()) {
            text = Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text + " (see '" + error.getCommandLine().getCommandSpec().qualifiedName().strip() + " --help')";
    }

    /** The error on one line: server messages carry "Where:"/"Position:" lines that are folded in. */
    static String message(Throwable error, ProcrastinateCommand root) {
        return describe(error, root).strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String describe(Throwable error, ProcrastinateCommand root) {
        if (error instanceof CliException) {
            return error.getMessage();
        }
        String reason = Preflight.connectionFailure(error);
        if (reason != null) {
            return "cannot reach the database at " + root.target() + ": " + reason;
        }
        if (error instanceof ProcrastinateException || error instanceof IllegalArgumentException) {
            return error.getMessage();
        }
        return error.toString();
    }
}
