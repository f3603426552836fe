package dev.procrastinate.examples.web;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The no-setup demo's database: when neither the arguments nor the environment give {@code spring.datasource.url},
 * an embedded PostgreSQL starts on port 54329 ({@code --demo.postgres-port=N} changes it) and the arguments get its
 * URL plus {@code demo.spawn-worker=true}, so that the worker process finds it too. On exit the context closes first (the worker process stops with it), then
 * the database.
 */
final class DemoDatabase {

    static final int DEFAULT_PORT = 54329;
    private static final String PORT_ARGUMENT = "--demo.postgres-port=";

    private final EmbeddedPostgres postgres;
    private final String[] arguments;

    private DemoDatabase(EmbeddedPostgres postgres, String[] arguments) {
        this.postgres = postgres;
        this.arguments = arguments;
    }

    /** The started demo database, or null when the application was given one. */
    static DemoDatabase startIfNoDatabaseGiven(String[] args) {
        boolean given = Arrays.stream(args).anyMatch(arg -> arg.startsWith("--spring.datasource.url="))
                || System.getenv("SPRING_DATASOURCE_URL") != null
                || System.getProperty("spring.datasource.url") != null;
        if (given) {
            return null;
        }
        int port = Arrays.stream(args).filter(arg -> arg.startsWith(PORT_ARGUMENT))
                .map(arg -> Integer.parseInt(arg.substring(PORT_ARGUMENT.length()))).findFirst().orElse(DEFAULT_PORT);
        System.out.println("No spring.datasource.url given: starting an embedded PostgreSQL on port " + port);
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL on port " + port
                    + " (is another demo running? --demo.postgres-port=N picks another port)", e);
        }
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        arguments.add("--spring.datasource.url=jdbc:postgresql://localhost:" + port + "/postgres");
        arguments.add("--spring.datasource.username=postgres");
        arguments.add("--demo.spawn-worker=true");
        return new DemoDatabase(postgres, arguments.toArray(String[]::new));
    }

    String[] arguments() {
        return arguments.clone();
    }

    /** On JVM exit (Ctrl-C, SIGTERM): close the context, then stop the database. */
    void stopAfter(ConfigurableApplicationContext context) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
            }
        }, "demo-shutdown"));
    }
}
