package dev.procrastinate.connectors;

import dev.procrastinate.api.Connector;
import dev.procrastinate.connector.pgjdbcng.PgjdbcNgConnector;
import dev.procrastinate.tck.CallerTransactionHandle;
import dev.procrastinate.tck.ConnectorTestKit;
import dev.procrastinate.tck.RestartableDatabase;
import dev.procrastinate.testing.TestDatabase;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

final class PgjdbcNgConnectorTestKit implements ConnectorTestKit {

    @Override
    public Connector createConnector(TestDatabase database) {
        return PgjdbcNgConnector.create(database.connectorOptions());
    }

    @Override
    public Optional<RestartableDatabase> restartableDatabase() {
        return RestartableServers.newDatabase(this::createConnector);
    }

    /** A connection of pgjdbc-ng's own driver, the kind a pgjdbc-ng application holds. */
    @Override
    public Optional<CallerTransactionHandle> beginCallerTransaction(TestDatabase database) {
        try {
            return Optional.of(CallerTransactionHandle.jdbc(DriverManager.getConnection("jdbc:pgsql://"
                    + database.host() + ":" + database.port() + "/" + database.name(), database.user(),
                    database.password())));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String providerName() {
        return "pgjdbc-ng";
    }
}
