package dev.procrastinate.spring;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.ConnectorProvider;
import dev.procrastinate.api.Connectors;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;

/**
 * Chooses the connector through {@link Connectors}: {@code procrastinate.connector} names it, or the only one on the
 * class path does. The JDBC connector runs on the application's DataSource (upstream's {@code connector_params()});
 * any other connector, or {@code procrastinate.database-url}, gets a URL: that property, else
 * {@code spring.datasource.url} with its username and password. A value a connector refuses is reported under its
 * property's name.
 */
final class ConnectorFactory {

    private ConnectorFactory() {
    }

    static Connector create(ProcrastinateProperties properties, DataSource dataSource, Environment environment) {
        String name = chooseProvider(properties.getConnector());
        try {
            return Connectors.get(name, options(name, properties, dataSource, environment).build());
        } catch (ConfigurationException e) {
            throw e.option().map(option -> ProcrastinateProperties.named(
                    ProcrastinateProperties.connectorProperty(option), e)).orElse(e);
        }
    }

    private static ConnectorOptions.Builder options(String name, ProcrastinateProperties properties,
            DataSource dataSource, Environment environment) {
        ConnectorOptions.Builder options = ConnectorOptions.builder().maxPoolSize(properties.getPoolSize())
                .connectionTimeout(properties.getConnectionTimeout()).listenUrl(properties.getListenUrl())
                .transactionPooler(properties.isTransactionPooler());
        String url = properties.getDatabaseUrl();
        if (url != null) {
            return options.url(url);
        }
        if (dataSource != null && name.equals("jdbc") && properties.getListenUrl() == null
                && !properties.isTransactionPooler()) {
            return options.dataSource(dataSource);
        }
        String springUrl = environment.getProperty("spring.datasource.url");
        if (springUrl == null) {
            throw new ConfigurationException("the '" + name + "' connector needs a URL: set "
                    + "procrastinate.database-url or spring.datasource.url"
                    + (dataSource != null ? " (only the jdbc connector can use a DataSource bean)" : ""));
        }
        return options.url(springUrl).user(environment.getProperty("spring.datasource.username"))
                .password(environment.getProperty("spring.datasource.password"));
    }

    private static String chooseProvider(String configured) {
        List<String> names = Connectors.providers().stream().map(ConnectorProvider::name).toList();
        if (configured != null && !configured.isBlank()) {
            if (!names.contains(configured)) {
                throw new ConfigurationException("procrastinate.connector=" + configured + " is not on the class "
                        + "path; available: " + names);
            }
            return configured;
        }
        String property = System.getProperty(Connectors.PROPERTY, System.getenv(Connectors.ENVIRONMENT));
        if (property != null && !property.isBlank()) {
            return chooseProvider(property);
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        if (names.isEmpty()) {
            throw new ConfigurationException("no procrastinate connector on the class path: add connector-jdbc, "
                    + "connector-pgjdbc-ng or connector-vertx");
        }
        throw new ConfigurationException("several procrastinate connectors on the class path " + names
                + ": choose one with procrastinate.connector");
    }
}
