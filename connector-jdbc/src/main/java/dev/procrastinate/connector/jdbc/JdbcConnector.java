package dev.procrastinate.connector.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.jdbc.AbstractJdbcConnector;
import dev.procrastinate.jdbc.JdbcListenLoop;
import dev.procrastinate.jdbc.JdbcPool;
import dev.procrastinate.jdbc.JdbcStatements;
import dev.procrastinate.jdbc.JdbcTarget;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The synchronous connector on the PostgreSQL JDBC driver. Statements run on a HikariCP pool (or on the
 * application's own {@link DataSource}); LISTEN runs on a dedicated connection with its own thread, to
 * {@link ConnectorOptions#listenUrl()}. Behind a pooler in transaction mode
 * ({@link ConnectorOptions#transactionPooler()}) the driver is told {@code prepareThreshold=0}: only unnamed statements, which such a pooler can follow.
 */
public final class JdbcConnector extends AbstractJdbcConnector {

    public static final String NAME = "jdbc";
    private static final String SCHEME = "jdbc:postgresql:";

    private JdbcConnector(DataSource dataSource, HikariDataSource ownedPool, int ioThreads,
            JdbcListenLoop.Connections listenConnections) {
        super(NAME, dataSource, ownedPool, ioThreads, JdbcStatements.ArrayBinding.CREATE_ARRAY_OF, listenConnections,
                new JdbcSubscription());
    }

    /** Whether this connector can use the options: a data source, or a URL it reads (jdbc:postgresql:, libpq's). */
    static boolean supports(ConnectorOptions options) {
        return options.dataSource().isPresent() || JdbcTarget.supports(options.url(), SCHEME);
    }

    /**
     * A connector with its own HikariCP pool of {@code options.maxPoolSize()} connections, or on the options' data
     * source ({@link #fromDataSource(DataSource, int)} with {@code maxPoolSize} threads for async calls).
     */
    public static JdbcConnector create(ConnectorOptions options) {
        if (options.dataSource().isPresent()) {
            return fromDataSource(options.dataSource().get(), options.maxPoolSize());
        }
        HikariDataSource pool = JdbcPool.create(NAME, "org.postgresql.Driver",
                JdbcTarget.statements(options, SCHEME), options,
                options.transactionPooler() ? Map.of("prepareThreshold", "0") : Map.of());
        JdbcTarget listen = JdbcTarget.listen(options, SCHEME);
        return new JdbcConnector(pool, pool, options.maxPoolSize(), listen::connect);
    }

    /**
     * A connector on the application's own pool (upstream's {@code connector_params()}): closing the connector does
     * not close the data source. LISTEN keeps one of its connections for as long as a worker listens, so the pool
     * needs at least two.
     */
    public static JdbcConnector fromDataSource(DataSource dataSource) {
        return fromDataSource(dataSource, 4);
    }

    /** Like {@link #fromDataSource(DataSource)}, with async calls on {@code ioThreads} threads. */
    public static JdbcConnector fromDataSource(DataSource dataSource, int ioThreads) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new JdbcConnector(dataSource, null, ioThreads, dataSource::getConnection);
    }
}
