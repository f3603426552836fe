package dev.procrastinate.cli;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.core.App;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code procrastinate [--app APP] [--database-url URL] [-v] [--version] COMMAND}. */
@Command(name = "procrastinate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A PostgreSQL task queue for the JVM, compatible with Python's procrastinate 3.9.",
        subcommands = {WorkerCommand.class, DeferCommand.class, SchemaCommand.class, HealthchecksCommand.class,
            ShellCommand.class, DashboardCommand.class})
final class ProcrastinateCommand {

    @Option(names = "--app", defaultValue = "${env:PROCRASTINATE_APP}", scope = ScopeType.INHERIT,
            description = "Class of your app: implements dev.procrastinate.cli.AppProvider, or has a public static "
                    + "field or method 'app' (env PROCRASTINATE_APP).")
    String appClass;

    @Option(names = "--database-url", defaultValue = "${env:PROCRASTINATE_DATABASE_URL}", scope = ScopeType.INHERIT,
            description = "postgresql://user:password@host:port/db or jdbc:postgresql://…, for commands that need no "
                    + "app code (env PROCRASTINATE_DATABASE_URL).")
    String databaseUrl;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "More output: -v for info logs, -vv for debug logs and stack traces.")
    boolean[] verbose = new boolean[0];

    @Option(names = "--log-format", defaultValue = "${env:PROCRASTINATE_LOG_FORMAT:-text}", scope = ScopeType.INHERIT,
            description = "text (default) or json: one JSON object per line.")
    String logFormat;

    private App app;

    int verbosity() {
        return verbose.length;
    }

    boolean hasApp() {
        return appClass != null && !appClass.isBlank();
    }

    /** The user's app (--app), or an app without tasks on --database-url. */
    synchronized App app() {
        if (app == null) {
            if (hasApp()) {
                app = AppLoader.load(appClass);
            } else if (databaseUrl != null && !databaseUrl.isBlank()) {
                app = App.fromOptions(ConnectorOptions.builder().url(databaseUrl).maxPoolSize(4)
                        .property("connectionTimeoutMillis", "3000").build());
            } else {
                throw new ConfigurationException("no app: give --app CLASS or --database-url URL "
                        + "(or PROCRASTINATE_APP / PROCRASTINATE_DATABASE_URL)");
            }
        }
        return app;
    }

    /** Where the database is, for error messages, with the password masked. */
    String target() {
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            return databaseUrl.replaceAll("(://[^:/@]+):[^@]*@", "$1:***@")
                    .replaceAll("(?i)(password=)[^&]*", "$1***");
        }
        return hasApp() ? "the database of " + appClass : "the database";
    }

    synchronized void close() {
        if (app != null) {
            app.close();
        }
    }
}
