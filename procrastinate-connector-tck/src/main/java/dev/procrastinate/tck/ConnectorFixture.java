package dev.procrastinate.tck;

import dev.procrastinate.api.Connector;
import dev.procrastinate.testing.TestDatabase;
import java.util.Optional;

/** The hooks a connector supplies to the kit. */
public interface ConnectorFixture {

    /** A new, unopened connector on this database (the kit closes it). */
    Connector createConnector(TestDatabase database);

    /** The name its provider registers, e.g. {@code "jdbc"}. */
    String providerName();

    /** Whether the connector's async calls complete off the caller's thread (true for every pooled connector). */
    default boolean asyncRunsOffTheCallerThread() {
        return true;
    }

    /**
     * A new, empty database on a server the kit may restart, for {@link FaultContract}'s restart test; empty (the
     * default) skips that test, saying so. Called once per run of that test.
     */
    default Optional<RestartableDatabase> restartableDatabase() {
        return Optional.empty();
    }

    /**
     * A transaction begun on a new connection of the kind the connector's {@code onCallerConnection} takes (a
     * {@code java.sql.Connection} of its driver, a Vert.x {@code SqlConnection}), for {@link CallerConnectionContract};
     * empty (the default) skips those tests, saying so.
     */
    default Optional<CallerTransactionHandle> beginCallerTransaction(TestDatabase database) {
        return Optional.empty();
    }
}
