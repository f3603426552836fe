package dev.procrastinate.jdbc;

import dev.procrastinate.api.CallerConnection;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.RowMapper;
import java.sql.Connection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Statements on a caller's {@code java.sql.Connection}, in whatever transaction it has open, on the calling thread.
 * The connection is neither committed nor closed; its auto-commit setting is left as the caller chose.
 */
public final class JdbcCallerConnection implements CallerConnection {

    private final Connection connection;
    private final JdbcStatements.ArrayBinding arrays;

    private JdbcCallerConnection(Connection connection, JdbcStatements.ArrayBinding arrays) {
        this.connection = connection;
        this.arrays = arrays;
    }

    /**
     * The caller's connection, which must be a {@code java.sql.Connection}; anything else is a
     * {@link ConfigurationException} that names the type expected and the connector.
     */
    public static JdbcCallerConnection of(Object connection, JdbcStatements.ArrayBinding arrays,
            String connectorName) {
        if (connection instanceof Connection jdbc) {
            return new JdbcCallerConnection(jdbc, Objects.requireNonNull(arrays, "arrays"));
        }
        throw new ConfigurationException("connector '" + connectorName + "' runs on a caller's java.sql.Connection, "
                + "not on " + (connection == null ? "null" : connection.getClass().getName()));
    }

    @Override
    public List<Row> query(String sql, Object... params) {
        return JdbcStatements.query(connection, arrays, sql, params);
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try {
            return JdbcStatements.query(connection, arrays, sql, mapper, params);
        } catch (JdbcStatements.MapperFailure e) {
            throw e.unwrap();
        }
    }

    @Override
    public long execute(String sql, Object... params) {
        return JdbcStatements.execute(connection, arrays, sql, params);
    }

    /** Runs on the calling thread (a JDBC connection is not to be shared with another) and returns a done stage. */
    @Override
    public <T> CompletionStage<List<T>> queryAsync(String sql, RowMapper<T> mapper, Object... params) {
        try {
            return CompletableFuture.completedFuture(query(sql, mapper, params));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
