package dev.procrastinate.cli;

import dev.procrastinate.core.schema.SchemaManager;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code procrastinate schema --apply [--if-missing] | --read | --migrations-path}. */
@Command(name = "schema", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Apply or print the procrastinate schema (version 3.9).")
final class SchemaCommand extends SubCommand {

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "0..1")
    Action action = new Action();

    @Option(names = "--if-missing", description = "With --apply: when the schema is there, add only the "
            + "missing additive procrastinate4j steps (none: nothing to do), and exit 0.")
    boolean ifMissing;

    /** One of the three; {@code --apply} when none is given. */
    static final class Action {
        @Option(names = "--apply", description = "Create the schema in the database (the default action). "
                + "Refuses a database that has it, unless --if-missing.")
        boolean apply;

        @Option(names = "--read", description = "Print the schema SQL.")
        boolean read;

        @Option(names = "--migrations-path", description = "Print where the schema SQL lives in the jar.")
        boolean migrationsPath;
    }

    @Override
    public Integer call() {
        if (ifMissing && (action.read || action.migrationsPath)) {
            throw new ParameterException(spec.commandLine(), "--if-missing goes with --apply only");
        }
        if (action.read) {
            System.out.print(SchemaManager.schemaSql());
        } else if (action.migrationsPath) {
            System.out.println("classpath:" + SchemaManager.SCHEMA_RESOURCE);
        } else {
            SchemaManager schema = root.app().schema();
            if (schema.isApplied()) {
                if (ifMissing) {
                    int steps = schema.applyExtensions();
                    System.out.println(steps == 0 ? "Schema already applied; nothing to do."
                            : "Schema already applied; " + steps + " additive procrastinate4j step(s) added.");
                    return 0;
                }
                throw new CliException("the procrastinate schema is already applied in this database; nothing was "
                        + "changed (procrastinate schema --apply --if-missing skips it; procrastinate healthchecks "
                        + "checks it)");
            }
            schema.apply();
            System.out.println("Schema applied.");
        }
        return 0;
    }
}
