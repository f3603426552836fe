package dev.procrastinate.connectors;

import dev.procrastinate.api.Connector;
import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.tck.ConnectorTestKit;
import dev.procrastinate.tck.RestartableDatabase;
import dev.procrastinate.testing.TestDatabase;
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
    public String providerName() {
        return "jdbc";
    }
}
