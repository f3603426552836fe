package dev.procrastinate.connector.pgjdbcng;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.ConnectorProvider;

/**
 * Finds {@link PgjdbcNgConnector} for {@code jdbc:pgsql:}, {@code postgresql://} and {@code postgres://} URLs. A
 * {@code jdbc:postgresql:} URL names the PostgreSQL JDBC driver, so it is left to connector-jdbc unless this
 * connector is chosen by name ({@code procrastinate.connector=pgjdbc-ng}).
 */
public final class PgjdbcNgConnectorProvider implements ConnectorProvider {

    @Override
    public String name() {
        return PgjdbcNgConnector.NAME;
    }

    @Override
    public boolean supports(ConnectorOptions options) {
        return PgjdbcNgConnector.supports(options.url());
    }

    @Override
    public Connector create(ConnectorOptions options) {
        return PgjdbcNgConnector.create(options);
    }
}
