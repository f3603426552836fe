package dev.procrastinate.connectors;

import dev.procrastinate.api.Connector;
import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.tck.CallerTransactionHandle;
import dev.procrastinate.tck.ConnectorTestKit;
import dev.procrastinate.tck.RestartableDatabase;
import dev.procrastinate.testing.TestDatabase;
import java.sql.SQLException;
import java.util.Optional;

final class JdbcConnectorTestKit implements ConnectorTestKit {

    @Override
    public Connector createConnector(TestDatabase database) {
        return JdbcConnector.create(database.connectorOptions());
    }

    @Override
    public Optional<RestartableDatabase> restartableDatabase() {
        return RestartableServers.newDatabase(this::createConnector);
    }

    @Override
    public Optional<CallerTransactionHandle> beginCallerTransaction(TestDatabase database) {
        try {
            return Optional.of(CallerTransactionHandle.jdbc(database.connect()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String providerName() {
        return "jdbc";
    }
}
