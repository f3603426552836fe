package dev.procrastinate.connector.pgjdbcng;

import dev.procrastinate.api.BasicConnectorProvider;

/**
 * Finds {@link PgjdbcNgConnector} for {@code jdbc:pgsql:}, {@code postgresql://} and {@code postgres://} URLs. A
 * {@code jdbc:postgresql:} URL names the PostgreSQL JDBC driver, so it is left to connector-jdbc unless this
 * connector is chosen by name ({@code procrastinate.connector=pgjdbc-ng}).
 */
public final class PgjdbcNgConnectorProvider extends BasicConnectorProvider {

    public PgjdbcNgConnectorProvider() {
        super(PgjdbcNgConnector.NAME, PgjdbcNgConnector::supports, PgjdbcNgConnector::create);
    }
}
