package dev.procrastinate.connector.vertx;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.ConnectorProvider;

/**
 * Finds {@link VertxConnector} for {@code postgresql://} and {@code postgres://} URLs. A {@code jdbc:postgresql:}
 * URL is left to the JDBC connectors unless this one is chosen by name ({@code procrastinate.connector=vertx}).
 */
public final class VertxConnectorProvider implements ConnectorProvider {

    @Override
    public String name() {
        return VertxConnector.NAME;
    }

    @Override
    public boolean supports(ConnectorOptions options) {
        return VertxConnector.supports(options.url());
    }

    @Override
    public Connector create(ConnectorOptions options) {
        return VertxConnector.create(options);
    }
}
