package dev.procrastinate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PgBouncer process in transaction pooling mode in front of a PostgreSQL server, for tests and the benchmark: a
 * temporary {@code pgbouncer.ini} and user list, a free port on 127.0.0.1, every database of the server reachable
 * under its own name, clients trusted, the server logged into with the given credentials. Closing stops the process
 * and deletes its files. Run as root, PgBouncer is started as the {@code postgres} user, as it refuses root.
 *
 * <p>The executable is {@code PROCRASTINATE_PGBOUNCER}, else {@code /usr/sbin/pgbouncer} (Debian's package), else
 * {@code pgbouncer} on the {@code PATH}.
 */
public final class PgBouncer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path directory = Files.createTempDirectory("procrastinate-pgbouncer-");
    private final int port = freePort();
    private final Process process;

    /** Writes the configuration and starts the process (see {@link #start}). */
    private PgBouncer(Path executable, String serverHost, int serverPort, String user, String password, int poolSize)
            throws IOException {
        Path ini = directory.resolve("pgbouncer.ini");
        Path users = directory.resolve("userlist.txt");
        Files.writeString(users, quote(user) + " \"\"\n", StandardCharsets.UTF_8);
        Files.writeString(ini, String.join("\n",
                "[databases]",
                "* = host=" + serverHost + " port=" + serverPort + " user=" + user
                        + (password == null || password.isEmpty() ? "" : " password=" + password),
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = trust",
                "auth_file = " + users,
                "pool_mode = transaction",
                "default_pool_size = " + poolSize,
                "max_client_conn = 1000",
                // pgjdbc sends extra_float_digits at start-up, Vert.x and pgjdbc-ng may send options
                "ignore_startup_parameters = extra_float_digits,options",
                "server_reset_query =",
                ""), StandardCharsets.UTF_8);
        // readable by the postgres user when PgBouncer is started as root and switches to it
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "postgres"));
        }
        command.add(ini.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("pgbouncer.log").toFile()).start();
    }

    /** The PgBouncer executable, if one is installed. */
    public static Optional<Path> executable() {
        String configured = System.getenv("PROCRASTINATE_PGBOUNCER");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        Path debian = Path.of("/usr/sbin/pgbouncer");
        if (Files.isExecutable(debian)) {
            return Optional.of(debian);
        }
        String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Stream.of(path.split(java.io.File.pathSeparator))
                .map(folder -> Path.of(folder, "pgbouncer")).filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts PgBouncer in transaction pooling mode in front of the server at {@code host:port}, logging into it as
     * {@code user} ({@code password} may be null for a trusting server), with at most {@code poolSize} server
     * connections per database. Waits until it accepts connections.
     */
    public static PgBouncer start(String host, int port, String user, String password, int poolSize) {
        Path executable = executable().orElseThrow(() -> new IllegalStateException("PgBouncer is not installed: "
                + "apt-get install -y pgbouncer, or set PROCRASTINATE_PGBOUNCER to its executable"));
        try {
            PgBouncer bouncer = new PgBouncer(executable, host, port, user, password, poolSize);
            bouncer.awaitListening();
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PgBouncer", e);
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new IllegalStateException("PgBouncer exited with " + process.exitValue() + ": " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                // PgBouncer is still starting: the connect timeout above paces the retries
            }
        }
        String log = log();
        close();
        throw new IllegalStateException("PgBouncer did not listen on port " + port + " within " + START_TIMEOUT
                + ": " + log);
    }

    /** The host clients connect to. */
    public String host() {
        return "127.0.0.1";
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    /** {@code postgresql://user@127.0.0.1:PORT/database}: PgBouncer's address for this database. */
    public String postgresUrl(String database, String user) {
        return "postgresql://" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8) + "@" + host() + ":" + port
                + "/" + database;
    }

    /** What PgBouncer wrote so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(directory.resolve("pgbouncer.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
