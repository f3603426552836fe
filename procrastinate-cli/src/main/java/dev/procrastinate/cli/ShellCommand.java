package dev.procrastinate.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code procrastinate shell [COMMAND …]}: one admin command and exit, or an interactive prompt reading commands
 * from standard input until {@code exit} or end of input.
 */
@Command(name = "shell", description = "Administer jobs: list_jobs, list_queues, list_tasks, list_locks, cancel ID, "
        + "retry ID. Without a command, an interactive prompt.")
final class ShellCommand implements Callable<Integer> {

    @ParentCommand
    ProcrastinateCommand root;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "A shell command and its arguments.")
    List<String> command;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        if (command != null && !command.isEmpty()) {
            return shell(out).execute(command.toArray(String[]::new));
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("Welcome to the procrastinate shell. Type help or exit.");
        int status = 0;
        while (true) {
            out.print("procrastinate> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.trim().equals("exit") || line.trim().equals("quit")) {
                out.println();
                return status;
            }
            if (!line.isBlank()) {
                status = shell(out).execute(line.trim().split("\\s+"));
            }
        }
    }

    private CommandLine shell(PrintWriter out) {
        CommandLine line = new CommandLine(new ShellCommands(root.app().jobManager(), out));
        line.setOut(out);
        line.setErr(out);
        line.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            out.println("error: " + error.getMessage());
            return 1;
        });
        return line;
    }
}
