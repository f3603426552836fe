package dev.procrastinate.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL server of its own, for fault-injection tests: it listens on one fixed port and keeps its
 * data directory across {@link #stop()} and {@link #start()}, so clients see an outage and then the same server
 * with the same data come back, as they would after a real restart. {@link #close()} stops it and deletes the
 * directory.
 *
 * <p>Unlike the server {@link PostgresExtension} shares, this one may be stopped without harming other tests.
 * Authentication is {@code trust}: any role that exists may log in without a password. Roles made by
 * {@link #createRole(String)} are not superusers, so {@code ALTER ROLE … CONNECTION LIMIT 0} refuses them
 * (PostgreSQL lets superusers past that limit).
 *
 * <pre>{@code
 * try (RestartablePostgres postgres = RestartablePostgres.create()) {
 *     postgres.createRole("app");
 *     TestDatabase database = postgres.createDatabase("jobs", "app");
 *     // … clients on database.jdbcUrl() as "app" …
 *     postgres.stop();    // connections broken, new ones refused
 *     postgres.start();   // same port, same data
 * }
 * }</pre>
 *
 * <p>Methods are safe to call from several threads; lifecycle calls are serialised.
 */
public final class RestartablePostgres implements AutoCloseable {

    /** The superuser that the embedded server is initialised with. */
    public static final String SUPERUSER = "postgres";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final int port;
    private final Path dataDirectory;
    private final Thread cleanupOnExit;
    private EmbeddedPostgres server;
    private boolean closed;

    private RestartablePostgres(int port, Path dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.cleanupOnExit = new Thread(this::closeQuietly, "procrastinate-restartable-postgres-close");
    }

    /**
     * Initialises a new data directory in a temporary folder and starts the server on a free port.
     *
     * @throws UncheckedIOException when no port is free, the directory cannot be made, or the server does not
     *     start
     */
    public static RestartablePostgres create() {
        Path directory;
        try {
            directory = Files.createTempDirectory("procrastinate-restartable-postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a data directory for embedded PostgreSQL", e);
        }
        RestartablePostgres postgres = new RestartablePostgres(freePort(), directory.resolve("data"));
        Runtime.getRuntime().addShutdownHook(postgres.cleanupOnExit);
        try {
            postgres.start();
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for embedded PostgreSQL", e);
        }
    }

    /** The port the server listens on, the same after every {@link #start()}. */
    public int port() {
        return port;
    }

    /** The server's data directory; it outlives {@link #stop()} and is deleted by {@link #close()}. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether the server is running now. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Starts the server on {@link #port()} with the data it had when stopped. Does nothing when it is running.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws UncheckedIOException when the server does not start (for example, the port was taken meanwhile)
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("RestartablePostgres on port " + port + " is closed; create a new one");
        }
        if (server != null) {
            return;
        }
        try {
            server = Servers.embeddedBuilder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL on port " + port + " with data in "
                    + dataDirectory, e);
        }
    }

    /**
     * Stops the server (PostgreSQL's fast shutdown: open sessions are ended, running transactions rolled back) and
     * returns once it no longer accepts connections. The data stays. Does nothing when it is stopped.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        EmbeddedPostgres running = server;
        server = null;
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL on port " + port, e);
        }
    }

    /** {@link #stop()} then {@link #start()}. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the server if it runs and deletes its data directory. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteDirectory(dataDirectory.getParent());
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is this very call, or runs next; either way nothing is left to clean.
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // At JVM exit there is nobody left to tell.
        }
    }

    private static void deleteDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the data directory " + directory, e);
        }
    }

    /** {@code jdbc:postgresql://localhost:port/database}, credentials apart. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** {@code postgresql://user@localhost:port/database} (no password: authentication is trust). */
    public String url(String database, String user) {
        return "postgresql://" + user + "@localhost:" + port + "/" + database;
    }

    /**
     * Creates a role that may log in and is not a superuser.
     *
     * @param role a lower-case SQL identifier
     */
    public void createRole(String role) {
        execute("CREATE ROLE " + identifier("role", role) + " LOGIN NOSUPERUSER");
    }

    /**
     * Creates an empty database owned by {@code owner} (an existing role) and returns it as seen by that role.
     *
     * @param name a lower-case SQL identifier
     */
    public TestDatabase createDatabase(String name, String owner) {
        execute("CREATE DATABASE " + identifier("database name", name) + " OWNER " + identifier("owner", owner)
                + " TEMPLATE template0");
        return database(name, owner);
    }

    /** A database of this server as seen by {@code user}, for URLs and plain-JDBC helpers; nothing is created. */
    public TestDatabase database(String name, String user) {
        return new TestDatabase("localhost", port, name, user, null);
    }

    /** Runs a statement as the superuser in the {@code postgres} database, on a connection of its own. */
    public void execute(String sql) {
        execute("postgres", sql);
    }

    /** Runs a statement as the superuser in {@code database}, on a connection of its own. */
    public void execute(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), SUPERUSER, null);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("failed on " + jdbcUrl(database) + ": " + sql + ": " + e.getMessage(),
                    e);
        }
    }

    private static String identifier(String what, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at "
                    + "most 63 characters), was " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "RestartablePostgres[port " + port + ", " + (isRunning() ? "running" : "stopped") + ", data in "
                + dataDirectory + "]";
    }
}
