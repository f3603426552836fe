package dev.procrastinate.connector.jdbc;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.ConnectorProvider;

/** Finds {@link JdbcConnector} for {@code jdbc:postgresql:}, {@code postgresql://} and {@code postgres://} URLs. */
public final class JdbcConnectorProvider implements ConnectorProvider {

    @Override
    public String name() {
        return JdbcConnector.NAME;
    }

    @Override
    public boolean supports(ConnectorOptions options) {
        return JdbcUrls.supports(options.url());
    }

    @Override
    public Connector create(ConnectorOptions options) {
        return JdbcConnector.create(options);
    }
}
