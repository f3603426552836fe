package dev.procrastinate.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code procrastinate shell [COMMAND …]}: one admin command and exit, or an interactive prompt reading commands
 * from standard input until {@code exit} or end of input.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Administer jobs: list_jobs, list_queues, list_tasks, list_locks, cancel ID, retry ID.",
            "With a command, run it and exit; without, an interactive prompt (words quoted as in a shell; exit "
                + "or end of input to leave). 'shell help COMMAND' describes a command."})
final class ShellCommand extends SubCommand {

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "A shell command and its arguments.")
    List<String> command;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        if (command != null && !command.isEmpty()) {
            return shell(out, err, Main.PREFIX, "procrastinate shell").execute(command.toArray(String[]::new));
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("Welcome to the procrastinate shell. Type help, or exit to leave.");
        int failures = 0;
        while (true) {
            out.print("procrastinate> ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                return failures == 0 ? 0 : 1;
            }
            List<String> words;
            try {
                words = split(line);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                failures++;
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            if (words.size() == 1 && (words.get(0).equals("exit") || words.get(0).equals("quit"))) {
                return 0;
            }
            if (shell(out, err, "error: ", "").execute(words.toArray(String[]::new)) != 0) {
                failures++;
            }
        }
    }

    private CommandLine shell(PrintWriter out, PrintWriter err, String prefix, String name) {
        CommandLine line = new CommandLine(new ShellCommands(root::app, out, err));
        line.setCommandName(name);
        line.setOut(out);
        line.setErr(err);
        line.setExpandAtFiles(false);
        line.setParameterExceptionHandler((error, args) -> {
            err.println(prefix + Main.usageMessage(error));
            return 2;
        });
        line.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            if (error instanceof CommandLine.ParameterException usage) {
                err.println(prefix + Main.usageMessage(usage));
                return 2;
            }
            err.println(prefix + Main.message(error, root));
            if (root.verbosity() >= 2) {
                error.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return line;
    }

    /**
     * A line cut into words as a POSIX shell does: 'single' and "double" quotes (with \" and \\ inside), and
     * backslash escapes outside quotes.
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + (quote == '"' ? "double" : "single")
                    + " quote in: " + line.strip());
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
