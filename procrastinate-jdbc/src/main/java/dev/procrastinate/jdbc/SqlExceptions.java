package dev.procrastinate.jdbc;

import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.SqlStates;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** JDBC's side of {@link SqlStates}: connection-level exception types and I/O causes count as a lost connection. */
public final class SqlExceptions {

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
