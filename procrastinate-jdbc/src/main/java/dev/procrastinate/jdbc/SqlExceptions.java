package dev.procrastinate.jdbc;

import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.SqlStates;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * JDBC's side of {@link SqlStates}: connection-level exception types, I/O causes and driver errors that leave the
 * connection invalid count as a lost connection.
 */
public final class SqlExceptions {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private SqlExceptions() {
    }

    public static ProcrastinateException translate(SQLException error, String sql) {
        String state = error.getSQLState();
        if (!SqlStates.isConnectionFailure(state) && isConnectionFailure(error)) {
            return new ConnectionLostException("database connection failed (SQLSTATE " + state + "): "
                    + error.getMessage(), error);
        }
        return SqlStates.toException(state, error.getMessage(), null, sql, error);
    }

    /**
     * {@link #translate(SQLException, String)} for an error met on {@code connection}. An error without SQLSTATE did
     * not come from the server but from the driver; when the connection is no longer valid afterwards, it is a lost
     * connection whatever the driver called it. pgjdbc-ng, for one, throws its shared {@code "Connection closed"}
     * and {@code "Statement closed"} exceptions, with neither SQLSTATE nor cause, when the server has terminated
     * the connection under a statement; as failed statements they would not be retried.
     */
    public static ProcrastinateException translate(SQLException error, String sql, Connection connection) {
        ProcrastinateException translated = translate(error, sql);
        String state = error.getSQLState();
        if (!translated.isTransient() && (state == null || state.isEmpty()) && !isValid(connection)) {
            return new ConnectionLostException("database connection lost: " + error.getMessage(), error);
        }
        return translated;
    }

    /** Whether the connection still answers; false when asking fails. */
    public static boolean isValid(Connection connection) {
        try {
            return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isConnectionFailure(SQLException error) {
        if (error instanceof SQLTransientConnectionException || error instanceof SQLNonTransientConnectionException
                || error instanceof SQLRecoverableException) {
            return true;
        }
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
