package dev.procrastinate.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.procrastinate.api.ConnectorOptions;
import java.util.Map;

/**
 * The HikariCP pool of a JDBC connector, set up the same way for every driver: {@code maxPoolSize} connections, two
 * kept idle, {@code connectionTimeout} for a caller's wait, auto-commit, and no failure at start-up when the server is
 * not there yet (the first statement reports it instead).
 */
public final class JdbcPool {

    private JdbcPool() {
    }

    /**
     * A pool named {@code procrastinate-NAME} on the target, with the driver's
     * own connection properties (e.g. pgjdbc's {@code prepareThreshold}).
     */
    public static HikariDataSource create(String connectorName, String driverClassName, JdbcTarget target,
            ConnectorOptions options, Map<String, String> driverProperties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("procrastinate-" + connectorName);
        config.setDriverClassName(driverClassName);
        config.setJdbcUrl(target.jdbcUrl());
        config.setUsername(target.user());
        config.setPassword(target.password());
        config.setMaximumPoolSize(options.maxPoolSize());
        config.setMinimumIdle(Math.min(2, options.maxPoolSize()));
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        config.setAutoCommit(true);
        driverProperties.forEach(config::addDataSourceProperty);
        return new HikariDataSource(config);
    }
}
