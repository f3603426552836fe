package dev.procrastinate.connector.pgjdbcng;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.ConnectorProvider;

/**
 * Finds {@link PgjdbcNgConnector} for {@code jdbc:pgsql:} URLs; {@code postgresql://} and {@code jdbc:postgresql:}
 * ones are accepted too when this connector is chosen by name ({@code procrastinate.connector=pgjdbc-ng}), so that
 * a URL meant for the other connectors stays unambiguous.
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
