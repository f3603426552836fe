package dev.procrastinate.connector.vertx;

import dev.procrastinate.api.CallerConnection;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.RowMapper;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Statements on a caller's Vert.x {@link SqlConnection}, in the transaction the caller began on it ({@code begin()}):
 * the {@code *Async} method never blocks; the blocking ones wait and refuse to run on an event-loop thread.
 */
final class VertxCallerConnection implements CallerConnection {

    private final SqlConnection connection;

    private VertxCallerConnection(SqlConnection connection) {
        this.connection = connection;
    }

    static VertxCallerConnection of(Object connection) {
        if (connection instanceof SqlConnection sql) {
            return new VertxCallerConnection(sql);
        }
        throw new ConfigurationException("connector '" + VertxConnector.NAME + "' runs on a caller's "
                + SqlConnection.class.getName() + ", not on "
                + (connection == null ? "null" : connection.getClass().getName()));
    }

    @Override
    public List<Row> query(String sql, Object... params) {
        return VertxConnector.await(VertxConnector.stage(rows(sql, params).map(VertxRows::rows), sql), sql);
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return VertxConnector.await(queryAsync(sql, mapper, params), sql);
    }

    @Override
    public long execute(String sql, Object... params) {
        return VertxConnector.await(VertxConnector.stage(rows(sql, params).map(VertxConnector::changed), sql), sql);
    }

    @Override
    public <T> CompletionStage<List<T>> queryAsync(String sql, RowMapper<T> mapper, Object... params) {
        return VertxConnector.stage(rows(sql, params).map(rows -> VertxRows.map(rows, mapper)), sql);
    }

    private Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> rows(String sql, Object[] params) {
        try {
            return connection.preparedQuery(sql).execute(VertxRows.tuple(params));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
