package dev.procrastinate.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Statements run on a connection the caller owns, inside the caller's transaction, from
 * {@link Connector#onCallerConnection(Object)}: what they change exists only if the caller commits. The connection
 * is never committed, rolled back or closed here. Same SQL, parameters, rows and errors as {@link Connector}.
 *
 * <p><b>Threads.</b> As the caller's connection allows: a JDBC connection is used on the calling thread, and its
 * {@code *Async} methods run there too and return a completed stage; a Vert.x connection is used without blocking
 * through the {@code *Async} methods (the blocking ones refuse to run on an event-loop thread).
 */
public interface CallerConnection {

    /** Runs a query and returns all its rows. */
    List<Row> query(String sql, Object... params);

    /** Runs a query and reads each row with the mapper. */
    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params);

    /** Runs a statement and returns the number of rows it changed (0 for statements that return rows). */
    long execute(String sql, Object... params);

    /** {@link #query(String, RowMapper, Object...)} without blocking, where the connection allows. */
    <T> CompletionStage<List<T>> queryAsync(String sql, RowMapper<T> mapper, Object... params);
}
