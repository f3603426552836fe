package dev.procrastinate.connector.pgjdbcng;

import com.zaxxer.hikari.HikariDataSource;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.jdbc.AbstractJdbcConnector;
import dev.procrastinate.jdbc.JdbcPool;
import dev.procrastinate.jdbc.JdbcStatements;
import dev.procrastinate.jdbc.JdbcTarget;
import java.util.Map;

/**
 * A synchronous connector on the pgjdbc-ng driver ({@code jdbc:pgsql://}), pooled with HikariCP. LISTEN uses the
 * driver's own asynchronous notification API on a dedicated connection, to {@link ConnectorOptions#listenUrl()}.
 * Array parameters go to the driver as Java arrays ({@link JdbcStatements.ArrayBinding#SET_OBJECT}), never through
 * its {@code createArrayOf}.
 *
 * <p><b>PgBouncer.</b> pgjdbc-ng names every server-side prepared statement, its start-up type queries included, and
 * has no setting to use unnamed ones; PgBouncer in transaction mode mixes them up between clients (SQLSTATE 42P05)
 * unless it tracks them itself: PgBouncer 1.21 or later with {@code max_prepared_statements} set. Debian 12's 1.18
 * cannot; use connector-jdbc or connector-vertx there.
 */
public final class PgjdbcNgConnector extends AbstractJdbcConnector {

    public static final String NAME = "pgjdbc-ng";
    private static final String SCHEME = "jdbc:pgsql:";

    private PgjdbcNgConnector(HikariDataSource pool, int ioThreads, JdbcTarget listen) {
        super(NAME, pool, pool, ioThreads, JdbcStatements.ArrayBinding.SET_OBJECT, listen::connect,
                new PgjdbcNgSubscription());
    }

    /** A connector with its own pool; URLs: {@code jdbc:pgsql://}, {@code jdbc:postgresql://}, {@code postgresql://}. */
    public static PgjdbcNgConnector create(ConnectorOptions options) {
        HikariDataSource pool = JdbcPool.create(NAME, "com.impossibl.postgres.jdbc.PGDriver",
                JdbcTarget.statements(options, SCHEME), options, Map.of());
        return new PgjdbcNgConnector(pool, options.maxPoolSize(), JdbcTarget.listen(options, SCHEME));
    }

    static boolean supports(ConnectorOptions options) {
        String url = options.url();
        return JdbcTarget.supports(url, SCHEME);
    }
}
