package dev.procrastinate.cli;

import dev.procrastinate.core.schema.SchemaManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code procrastinate schema --apply | --read | --migrations-path}. */
@Command(name = "schema", description = "Apply or print the procrastinate schema (version 3.9).")
final class SchemaCommand implements Callable<Integer> {

    @ParentCommand
    ProcrastinateCommand root;

    @ArgGroup(multiplicity = "0..1")
    Action action = new Action();

    /** One of the three; {@code --apply} when none is given. */
    static final class Action {
        @Option(names = "--apply", description = "Create the schema (default). Refuses a database that has it.")
        boolean apply;

        @Option(names = "--read", description = "Print the schema SQL.")
        boolean read;

        @Option(names = "--migrations-path", description = "Print where the schema SQL lives in the jar.")
        boolean migrationsPath;
    }

    @Override
    public Integer call() {
        if (action.read) {
            System.out.print(SchemaManager.schemaSql());
        } else if (action.migrationsPath) {
            System.out.println("classpath:" + SchemaManager.SCHEMA_RESOURCE);
        } else {
            root.app().schema().apply();
            System.out.println("Schema applied.");
        }
        return 0;
    }
}
