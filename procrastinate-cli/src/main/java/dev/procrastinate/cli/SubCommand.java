package dev.procrastinate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/**
 * A subcommand of {@code procrastinate}: picocli sets {@link #root} (the top command, which holds --app, the
 * connection options and builds the {@code App}) before {@link #call()}, which returns the exit code.
 */
abstract class SubCommand implements Callable<Integer> {

    @ParentCommand
    ProcrastinateCommand root;
}
