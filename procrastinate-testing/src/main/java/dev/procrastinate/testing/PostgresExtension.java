package dev.procrastinate.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a fresh, empty PostgreSQL database as a {@link TestDatabase} parameter (of a test method, a
 * lifecycle method or a constructor); the database lives as long as the test (or class) and is dropped after it.
 *
 * <p>The server is, in this order: the one {@code PROCRASTINATE_TEST_DATABASE_URL} (or the system property
 * {@code procrastinate.test.database.url}) names, where each test gets a new database or, if the user may not
 * create databases, that database emptied of procrastinate objects; a Testcontainers PostgreSQL when
 * {@code PROCRASTINATE_TEST_DATABASE=testcontainers} and Docker is present; else an embedded PostgreSQL started
 * once per JVM.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class MyJobsIntegrationTests {
 *     @Test
 *     void runs(TestDatabase db) {
 *         App app = App.create(JdbcConnector.create(db.connectorOptions()));
 *     }
 * }
 * }</pre>
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext owner = context.getTestMethod().isPresent() ? context : context.getRoot();
        return owner.getStore(NAMESPACE)
                .getOrComputeIfAbsent(context.getUniqueId(), key -> new Lease(Servers.get()), Lease.class)
                .database;
    }

    /** A database and its removal when the test's context closes (JUnit closes AutoCloseable store values). */
    private static final class Lease implements AutoCloseable {
        private final DatabaseServer server;
        private final TestDatabase database;

        Lease(DatabaseServer server) {
            this.server = server;
            this.database = server.createDatabase();
        }

        @Override
        public void close() {
            server.dropDatabase(database);
        }
    }
}
