package dev.procrastinate.connector.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.Subscription;
import dev.procrastinate.jdbc.AbstractJdbcConnector;
import dev.procrastinate.jdbc.JdbcListenLoop;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The synchronous connector on the PostgreSQL JDBC driver. Statements run on a HikariCP pool (or on the
 * application's own {@link DataSource}); LISTEN runs on a dedicated connection with its own thread.
 */
public final class JdbcConnector extends AbstractJdbcConnector {

    public static final String NAME = "jdbc";
    /** Connector option: how long a caller waits for a pooled connection before a ConnectionLostException. */
    public static final String CONNECTION_TIMEOUT_MILLIS = "connectionTimeoutMillis";

    private final HikariDataSource ownedPool;
    private final ListenConnections listenConnections;
    private final Set<JdbcListenLoop> subscriptions = ConcurrentHashMap.newKeySet();

    private JdbcConnector(DataSource dataSource, HikariDataSource ownedPool, int ioThreads,
            ListenConnections listenConnections) {
        super(NAME, dataSource, ioThreads);
        this.ownedPool = ownedPool;
        this.listenConnections = listenConnections;
    }

    /** A connector with its own HikariCP pool of {@code options.maxPoolSize()} connections. */
    public static JdbcConnector create(ConnectorOptions options) {
        JdbcUrls urls = JdbcUrls.of(options);
        HikariConfig config = new HikariConfig();
        config.setPoolName("procrastinate-jdbc");
        config.setJdbcUrl(urls.jdbcUrl());
        config.setUsername(urls.user());
        config.setPassword(urls.password());
        config.setMaximumPoolSize(options.maxPoolSize());
        config.setMinimumIdle(Math.min(2, options.maxPoolSize()));
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(Long.parseLong(options.property(CONNECTION_TIMEOUT_MILLIS).orElse("10000")));
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        return new JdbcConnector(pool, pool, options.maxPoolSize(),
                () -> DriverManager.getConnection(urls.jdbcUrl(), urls.user(), urls.password()));
    }

    /**
     * A connector on the application's own pool (upstream's {@code connector_params()}): closing the connector does
     * not close the data source. LISTEN keeps one of its connections for as long as a worker listens, so the pool
     * needs at least two.
     */
    public static JdbcConnector fromDataSource(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbcConnector(dataSource, null, 4, dataSource::getConnection);
    }

    /** Like {@link #fromDataSource(DataSource)}, with async calls on {@code ioThreads} threads. */
    public static JdbcConnector fromDataSource(DataSource dataSource, int ioThreads) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbcConnector(dataSource, null, ioThreads, dataSource::getConnection);
    }

    @Override
    public Subscription listen(Collection<String> channels, NotificationListener listener) {
        checkOpen();
        JdbcListenLoop subscription = new JdbcListenLoop("procrastinate-jdbc-listen", List.copyOf(channels),
                listener, listenConnections::open, new JdbcSubscription(), subscriptions::remove);
        subscriptions.add(subscription);
        return subscription.start();
    }

    /** Soft-evicts the idle connections of the connector's own pool; an application's pool is its own business. */
    @Override
    protected void discardIdleConnections() {
        if (ownedPool != null && ownedPool.getHikariPoolMXBean() != null) {
            ownedPool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    @Override
    protected void closeResources() {
        subscriptions.forEach(JdbcListenLoop::close);
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    /** Where LISTEN connections come from. */
    @FunctionalInterface
    interface ListenConnections {
        Connection open() throws SQLException;
    }
}
