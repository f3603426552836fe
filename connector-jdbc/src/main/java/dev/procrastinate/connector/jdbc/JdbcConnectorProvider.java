package dev.procrastinate.connector.jdbc;

import dev.procrastinate.api.BasicConnectorProvider;

/** Finds {@link JdbcConnector} for {@code jdbc:postgresql:}, {@code postgresql://} and {@code postgres://} URLs. */
public final class JdbcConnectorProvider extends BasicConnectorProvider {

    public JdbcConnectorProvider() {
        super(JdbcConnector.NAME, JdbcConnector::supports, JdbcConnector::create);
    }
}
