package dev.procrastinate.cli;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.core.App;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code procrastinate [--app APP] [--classpath PATH] [--database-url URL] [-v] [--version] COMMAND}. */
@Command(name = "procrastinate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        showDefaultValues = true,
        description = "A PostgreSQL task queue for the JVM, compatible with Python's procrastinate 3.9.",
        footer = {"", "Each command has its own help: procrastinate COMMAND --help.",
            "Exit codes: 0 success, 1 an error (one line on stderr), 2 a usage error."},
        subcommands = {WorkerCommand.class, DeferCommand.class, SchemaCommand.class, HealthchecksCommand.class,
            ShellCommand.class, DashboardCommand.class, QueueCommand.class, HelpCommand.class})
final class ProcrastinateCommand {

    /** How logs are written. */
    enum LogFormat { TEXT, JSON }

    /** How much of an exception's stack a text log line shows. */
    enum StackTraces { FULL, SHORT, NONE }

    @Option(names = "--app", paramLabel = "CLASS", defaultValue = "${env:PROCRASTINATE_APP}",
            scope = ScopeType.INHERIT,
            description = "Your app: a class implementing dev.procrastinate.cli.AppProvider, or with a public static "
                    + "field or method 'app' (env PROCRASTINATE_APP). Needed by worker; without it, commands work "
                    + "on --database-url with no tasks.")
    String appClass;

    @Option(names = "--classpath", paramLabel = "PATH", defaultValue = "${env:PROCRASTINATE_CLASSPATH}",
            scope = ScopeType.INHERIT,
            description = "Where --app and its libraries are: jars and class folders separated by ':' (';' on "
                    + "Windows); DIR/* means every jar in DIR (env PROCRASTINATE_CLASSPATH).")
    String classpath;

    @Option(names = "--database-url", paramLabel = "URL", defaultValue = "${env:PROCRASTINATE_DATABASE_URL}",
            scope = ScopeType.INHERIT,
            description = "postgresql://user:password@host:port/db or jdbc:postgresql://… (env "
                    + "PROCRASTINATE_DATABASE_URL). With --app, handed to AppProvider.app(url).")
    String databaseUrl;

    /** PgBouncer in transaction mode at --database-url: LISTEN's own address, and no named prepared statements. */
    @Option(names = "--listen-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "A direct address of the server for LISTEN when --database-url is PgBouncer in transaction "
                    + "pooling mode; credentials as for --database-url. Also env PROCRASTINATE_LISTEN_URL, read by "
                    + "ConnectorOptions, so it reaches an --app too.")
    String listenUrl;

    @Option(names = "--transaction-pooler", scope = ScopeType.INHERIT, showDefaultValue = Visibility.NEVER,
            description = "--database-url is a pooler in transaction mode such as PgBouncer: no named prepared "
                    + "statements. Also env PROCRASTINATE_TRANSACTION_POOLER, read as --listen-url is.")
    boolean transactionPooler;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, showDefaultValue = Visibility.NEVER,
            description = "More output: -v for info logs of every part, -vv for debug logs and the stack trace of "
                    + "an error. Default: warnings, and the worker's info lines.")
    boolean[] verbose = new boolean[0];

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:PROCRASTINATE_LOG_FORMAT:-text}",
            scope = ScopeType.INHERIT, converter = LogFormatConverter.class,
            description = "Logs on stderr as text (key=value lines) or json (one object per line) (env "
                    + "PROCRASTINATE_LOG_FORMAT).")
    LogFormat logFormat;

    @Option(names = "--stack-traces", paramLabel = "HOW", defaultValue = "${env:PROCRASTINATE_STACK_TRACES:-short}",
            scope = ScopeType.INHERIT, converter = StackTracesConverter.class,
            description = "Exceptions in text logs: full, short (each cause and its first frames) or none (the "
                    + "error on the log line only) (env PROCRASTINATE_STACK_TRACES).")
    StackTraces stackTraces;

    private App app;
    private ClassLoader appClassLoader;

    int verbosity() {
        return verbose.length;
    }

    boolean hasApp() {
        return appClass != null && !appClass.isBlank();
    }

    String databaseUrl() {
        return databaseUrl == null || databaseUrl.isBlank() ? null : databaseUrl.strip();
    }

    /**
     * The user's app (--app), built on --database-url when one is given, or an app without tasks on
     * --database-url. The database is tried once first so that a wrong address fails at once with its reason.
     */
    synchronized App app() {
        if (app == null) {
            String url = databaseUrl();
            if (!hasApp() && url == null) {
                throw new CliException("no database: give --database-url URL (or PROCRASTINATE_DATABASE_URL), "
                        + "or --app CLASS");
            }
            if (url != null) {
                Preflight.check(url, target());
            }
            if (listenUrl != null && !listenUrl.isBlank()) {
                System.setProperty(ConnectorOptions.LISTEN_URL_PROPERTY, listenUrl.strip());
            }
            if (transactionPooler) {
                System.setProperty(ConnectorOptions.TRANSACTION_POOLER_PROPERTY, "true");
            }
            if (hasApp()) {
                app = AppLoader.load(appClass.strip(), classLoader(), url);
            } else {
                app = App.fromOptions(ConnectorOptions.builder().url(url).maxPoolSize(4)
                        .connectionTimeout(java.time.Duration.ofSeconds(3)).build());
            }
        }
        return app;
    }

    /** The class loader of --classpath (the command's own one without it); also the thread's context loader. */
    synchronized ClassLoader classLoader() {
        if (appClassLoader == null) {
            ClassLoader parent = Main.class.getClassLoader();
            List<URL> urls = classpathUrls();
            appClassLoader = urls.isEmpty() ? parent : new URLClassLoader("procrastinate-app",
                    urls.toArray(URL[]::new), parent);
            Thread.currentThread().setContextClassLoader(appClassLoader);
        }
        return appClassLoader;
    }

    private List<URL> classpathUrls() {
        List<URL> urls = new ArrayList<>();
        if (classpath == null || classpath.isBlank()) {
            return urls;
        }
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry.strip());
            if (path.getFileName() != null && path.getFileName().toString().equals("*")) {
                Path folder = path.getParent() == null ? Path.of(".") : path.getParent();
                if (!Files.isDirectory(folder)) {
                    throw new CliException("--classpath: folder " + folder + " (in " + entry + ") does not exist");
                }
                try (Stream<Path> jars = Files.list(folder)) {
                    jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted()
                            .forEach(jar -> urls.add(url(jar)));
                } catch (IOException e) {
                    throw new CliException("--classpath: cannot list " + folder + ": " + e.getMessage(), e);
                }
            } else if (Files.exists(path)) {
                urls.add(url(path));
            } else {
                throw new CliException("--classpath: " + entry + " does not exist (give jars or class folders "
                        + "separated by '" + File.pathSeparator + "')");
            }
        }
        return urls;
    }

    private static URL url(Path path) {
        try {
            return path.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new CliException("--classpath: " + path + " is not a usable path: " + e.getMessage(), e);
        }
    }

    /** Where the database is, for error messages, with the password masked. */
    String target() {
        String url = databaseUrl();
        if (url != null) {
            return url.replaceAll("(://[^:/@]+):[^@]*@", "$1:***@")
                    .replaceAll("(?i)(password=)[^&]*", "$1***");
        }
        return hasApp() ? "the database of " + appClass : "the database";
    }

    synchronized void close() {
        if (app != null) {
            app.close();
        }
    }

    static final class LogFormatConverter extends Choice<LogFormat> {
        LogFormatConverter() {
            super(LogFormat.class);
        }
    }

    static final class StackTracesConverter extends Choice<StackTraces> {
        StackTracesConverter() {
            super(StackTraces.class);
        }
    }

    /** One of an enum's constants, written in lower case; anything else names the accepted values. */
    static class Choice<E extends Enum<E>> implements picocli.CommandLine.ITypeConverter<E> {
        private final Class<E> type;

        Choice(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E choice : type.getEnumConstants()) {
                if (choice.name().equalsIgnoreCase(value.strip())) {
                    return choice;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of "
                    + accepted(type));
        }

        static String accepted(Class<? extends Enum<?>> type) {
            return String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList());
        }
    }
}
