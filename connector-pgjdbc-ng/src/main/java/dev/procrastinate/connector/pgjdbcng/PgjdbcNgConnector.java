package dev.procrastinate.connector.pgjdbcng;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.Subscription;
import dev.procrastinate.jdbc.AbstractJdbcConnector;
import dev.procrastinate.jdbc.JdbcListenLoop;
import dev.procrastinate.jdbc.JdbcStatements;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A synchronous connector on the pgjdbc-ng driver ({@code jdbc:pgsql://}), pooled with HikariCP. LISTEN uses the
 * driver's own asynchronous notification API on a dedicated connection. Array parameters go to the driver as Java
 * arrays ({@link JdbcStatements.ArrayBinding#SET_OBJECT}), never through its {@code createArrayOf}.
 */
public final class PgjdbcNgConnector extends AbstractJdbcConnector {

    public static final String NAME = "pgjdbc-ng";

    private final HikariDataSource pool;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Set<JdbcListenLoop> subscriptions = ConcurrentHashMap.newKeySet();

    private PgjdbcNgConnector(HikariDataSource pool, String jdbcUrl, String user, String password, int ioThreads) {
        super(NAME, pool, ioThreads, JdbcStatements.ArrayBinding.SET_OBJECT);
        this.pool = pool;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** A connector with its own pool; URLs: {@code jdbc:pgsql://}, {@code jdbc:postgresql://}, {@code postgresql://}. */
    public static PgjdbcNgConnector create(ConnectorOptions options) {
        String[] target = jdbcUrl(options);
        HikariConfig config = new HikariConfig();
        config.setPoolName("procrastinate-pgjdbc-ng");
        config.setDriverClassName("com.impossibl.postgres.jdbc.PGDriver");
        config.setJdbcUrl(target[0]);
        config.setUsername(target[1]);
        config.setPassword(target[2]);
        config.setMaximumPoolSize(options.maxPoolSize());
        config.setMinimumIdle(Math.min(2, options.maxPoolSize()));
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(Long.parseLong(options.property("connectionTimeoutMillis").orElse("10000")));
        return new PgjdbcNgConnector(new HikariDataSource(config), target[0], target[1], target[2],
                options.maxPoolSize());
    }

    static boolean supports(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:pgsql:") || lower.startsWith("postgresql://") || lower.startsWith("postgres://");
    }

    /** The pgjdbc-ng URL, user and password for any of the accepted URL forms. */
    static String[] jdbcUrl(ConnectorOptions options) {
        String url = options.url();
        String lower = url.toLowerCase(Locale.ROOT);
        String user = options.user().orElse(null);
        String password = options.password().orElse(null);
        String rest;
        if (lower.startsWith("jdbc:pgsql://")) {
            rest = url.substring("jdbc:pgsql://".length());
        } else if (lower.startsWith("jdbc:postgresql://")) {
            rest = url.substring("jdbc:postgresql://".length());
        } else if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            URI uri = URI.create(url.replaceFirst("^(?i)postgres(ql)?://", "postgresql://"));
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = user != null ? user : decode(parts[0]);
                password = password != null ? password : parts.length > 1 ? decode(parts[1]) : null;
            }
            rest = (uri.getHost() == null ? "localhost" : uri.getHost()) + (uri.getPort() < 0 ? "" : ":"
                    + uri.getPort()) + (uri.getRawPath() == null ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } else {
            throw new ConfigurationException("connector 'pgjdbc-ng' does not understand URL '" + url
                    + "'; use jdbc:pgsql://host:port/db, jdbc:postgresql://… or postgresql://…");
        }
        return new String[] {"jdbc:pgsql://" + rest, user, password};
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    Connection listenConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    @Override
    public Subscription listen(Collection<String> channels, NotificationListener listener) {
        checkOpen();
        JdbcListenLoop subscription = new JdbcListenLoop("procrastinate-pgjdbc-ng-listen", List.copyOf(channels),
                listener, this::listenConnection, new PgjdbcNgSubscription(), subscriptions::remove);
        subscriptions.add(subscription);
        return subscription.start();
    }

    @Override
    protected void discardIdleConnections() {
        if (pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    @Override
    protected void closeResources() {
        subscriptions.forEach(JdbcListenLoop::close);
        pool.close();
    }
}
