package dev.procrastinate.connectors;

import dev.procrastinate.api.Connector;
import dev.procrastinate.tck.RestartableDatabase;
import dev.procrastinate.testing.RestartablePostgres;
import dev.procrastinate.testing.TestDatabase;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The kit's restart hook for our three connectors: one {@link RestartablePostgres} for the whole test JVM (started
 * on first use, closed at exit), apart from the server the other tests share, and a new database on it for every
 * run of the restart test.
 */
final class RestartableServers {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static RestartablePostgres server;

    private RestartableServers() {
    }

    /** A new database on the restartable server, with connectors made by {@code connectors}. */
    static Optional<RestartableDatabase> newDatabase(Function<TestDatabase, Connector> connectors) {
        RestartablePostgres postgres = server();
        TestDatabase database = postgres.createDatabase("restart_" + COUNTER.incrementAndGet(),
                RestartablePostgres.SUPERUSER);
        return Optional.of(new RestartableDatabase() {
            @Override
            public Connector createConnector() {
                return connectors.apply(database);
            }

            @Override
            public void stop() {
                postgres.stop();
            }

            @Override
            public void start() {
                postgres.start();
            }
        });
    }

    private static synchronized RestartablePostgres server() {
        if (server == null) {
            RestartablePostgres started = RestartablePostgres.create();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "procrastinate-restartable-postgres-stop"));
            server = started;
        }
        return server;
    }
}
