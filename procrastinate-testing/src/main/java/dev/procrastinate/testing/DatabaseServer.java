package dev.procrastinate.testing;

import dev.procrastinate.api.PostgresUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** A PostgreSQL server on which the extension creates one database per test. */
final class DatabaseServer {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** The administrative database: where the server is, who creates databases, and where they connect. */
    private final TestDatabase admin;

    DatabaseServer(String host, int port, String adminDatabase, String user, String password) {
        this.admin = new TestDatabase(host, port, adminDatabase, user, password);
    }

    /**
     * The server of a URL in any form {@link PostgresUrl} reads ({@code jdbc:postgresql://host:port/db?user=…},
     * {@code postgresql://user:pw@host:port/db}); its database, {@code postgres} when none, is the administrative one.
     */
    static DatabaseServer fromUrl(String url) {
        PostgresUrl address = PostgresUrl.parse(url, "PROCRASTINATE_TEST_DATABASE_URL");
        return new DatabaseServer(address.host(), address.portOrDefault(),
                address.database().isEmpty() ? "postgres" : address.database(),
                address.user() == null ? "postgres" : address.user(), address.password());
    }

    /** Creates a new empty database, or, where that is not allowed, empties the configured one. */
    TestDatabase createDatabase() {
        String name = "procrastinate_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE template0");
            return new TestDatabase(admin.host(), admin.port(), name, admin.user(), admin.password());
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw new IllegalStateException("could not create test database on " + admin.host() + ":"
                        + admin.port() + ": "
                        + e.getMessage(), e);
            }
        }
        admin.execute(DROP_PROCRASTINATE_OBJECTS);
        return admin;
    }

    void dropDatabase(TestDatabase database) {
        if (database.name().equals(admin.name())) {
            return;
        }
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + database.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private Connection admin() throws SQLException {
        return admin.connect();
    }

    /** Used when the server refuses CREATE DATABASE: removes every procrastinate object of the given database. */
    private static final String DROP_PROCRASTINATE_OBJECTS = """
            DO $$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
                       AND tablename LIKE 'procrastinate%' LOOP
                EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
              END LOOP;
              FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                       WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%' LOOP
                EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.f);
              END LOOP;
              FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                       WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate%'
                       AND t.typtype IN ('e', 'c') LOOP
                EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', r.typname);
              END LOOP;
            END $$""";
}
