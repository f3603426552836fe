package dev.procrastinate.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Runs SQL against one PostgreSQL database and listens for notifications. Implemented by each connector module.
 *
 * <p><b>SQL and parameters.</b> Statements use PostgreSQL's positional placeholders {@code $1 … $n}; a placeholder
 * may appear several times. Parameters may be {@code null}, {@link String}, {@link Integer}, {@link Long},
 * {@link Boolean}, {@link Double}, {@link java.time.Instant} (sent as {@code timestamptz}), {@code String[]},
 * {@code Long[]} or {@code Integer[]}. Strings are sent untyped, so SQL casts them where the type matters
 * ({@code $1::jsonb}). Rows come back normalised as {@link Row} documents.
 *
 * <p><b>Transactions.</b> Each call runs in its own transaction (auto-commit). A statement may run several
 * commands only through a single SQL function or a {@code WITH} query.
 *
 * <p><b>Threads.</b> Implementations are thread-safe. The blocking methods may be called from any thread that is
 * allowed to block; the {@code *Async} methods never block the caller and complete on a connector thread.
 *
 * <p><b>Capabilities with defaults.</b> {@link #query(String, RowMapper, Object...)} reads rows without building
 * {@link Row}s where the driver allows (the default maps {@link Row}s); {@link #onCallerConnection(Object)} runs
 * statements inside the caller's own transaction, on a connection of the driver's natural type (the default refuses).
 * The connector test kit checks both for every connector.
 *
 * <p><b>Errors.</b> Failures are {@link ProcrastinateException}s: {@link ConnectionLostException} when the
 * database cannot be reached, {@link AlreadyEnqueuedException} for a unique violation on a queueing lock, and
 * {@link DatabaseException} with the SQLSTATE for anything else the server refused.
 */
public interface Connector extends AutoCloseable {

    /** The name of the provider that made this connector, e.g. {@code "jdbc"}. */
    String name();

    /** Opens pools and connections. Idempotent; the other methods open lazily if this was not called. */
    void open();

    /** Runs a query and returns all its rows. */
    List<Row> query(String sql, Object... params);

    /**
     * Runs a query and reads each row with the mapper, in order. Connectors override this to hand the mapper a view
     * of the driver's row instead of a {@link Row}; the values are the same as {@link #query(String, Object...)}'s.
     * A single null parameter of the other {@code query} is written {@code (Object) null}: a bare {@code null} selects
     * this method, which refuses a null mapper.
     */
    default <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        requireMapper(mapper);
        return map(query(sql, params), mapper);
    }

    /** {@link #query(String, RowMapper, Object...)} without blocking the caller. */
    default <T> CompletionStage<List<T>> queryAsync(String sql, RowMapper<T> mapper, Object... params) {
        requireMapper(mapper);
        return queryAsync(sql, params).thenApply(rows -> map(rows, mapper));
    }

    /** Refuses a null mapper, saying how to pass a single null parameter instead. */
    static void requireMapper(RowMapper<?> mapper) {
        if (mapper == null) {
            throw new IllegalArgumentException("the row mapper is null; to pass one null parameter to "
                    + "query(sql, params), write query(sql, (Object) null)");
        }
    }

    /** Maps rows in order: the default road of the row-mapping queries. */
    private static <T> List<T> map(List<Row> rows, RowMapper<T> mapper) {
        List<T> values = new ArrayList<>(rows.size());
        for (Row row : rows) {
            values.add(mapper.map(row));
        }
        return values;
    }

    /**
     * Statements on the caller's own connection, inside the caller's transaction: a {@code java.sql.Connection} for
     * the JDBC connectors, a Vert.x {@code SqlConnection} for the Vert.x connector. The connection is used as it is
     * (never committed, rolled back or closed), so what the statements change exists only if the caller commits.
     *
     * @throws ConfigurationException naming the type this connector expects, when {@code connection} is not one,
     *     or when the connector cannot run on a caller's connection at all (the default)
     */
    default CallerConnection onCallerConnection(Object connection) {
        throw new ConfigurationException("connector '" + name() + "' cannot run statements on a caller's connection"
                + " (given " + (connection == null ? "null" : connection.getClass().getName()) + ")");
    }

    /** Runs a statement and returns the number of rows it changed (0 for statements that return rows). */
    long execute(String sql, Object... params);

    /** Runs a script of several statements without parameters, in one transaction (schema installation). */
    void executeScript(String sql);

    /** {@link #query} without blocking the caller. */
    CompletionStage<List<Row>> queryAsync(String sql, Object... params);

    /** {@link #execute} without blocking the caller. */
    CompletionStage<Long> executeAsync(String sql, Object... params);

    /**
     * Starts listening on the channels on a dedicated connection and keeps doing so, reconnecting with back-off
     * after a failure, until the returned subscription is closed. Channel names are used verbatim (quoted).
     */
    Subscription listen(Collection<String> channels, NotificationListener listener);

    /** Closes pools, subscriptions and executors. Further calls fail. Idempotent. */
    @Override
    void close();
}
