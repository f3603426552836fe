package dev.procrastinate.connector.vertx;

import dev.procrastinate.api.BasicConnectorProvider;

/**
 * Finds {@link VertxConnector} for {@code postgresql://} and {@code postgres://} URLs. A {@code jdbc:postgresql:}
 * URL is left to the JDBC connectors unless this one is chosen by name ({@code procrastinate.connector=vertx}).
 */
public final class VertxConnectorProvider extends BasicConnectorProvider {

    public VertxConnectorProvider() {
        super(VertxConnector.NAME, VertxConnector::supports, VertxConnector::create);
    }
}
