package dev.procrastinate.jdbc;

import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.DatabaseException;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.ProcrastinateTransientException;
import dev.procrastinate.api.SchemaException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one place where SQLSTATEs become procrastinate exceptions, for every JDBC-based connector. */
public final class SqlExceptions {

    private static final Pattern QUEUEING_LOCK = Pattern.compile("\\(queueing_lock\\)=\\((.*?)\\)");

    private SqlExceptions() {
    }

    public static ProcrastinateException translate(SQLException error, String sql) {
        String state = error.getSQLState() == null ? "" : error.getSQLState();
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (state.equals("23505") && message.contains("procrastinate_jobs_queueing_lock_idx")) {
            Matcher lock = QUEUEING_LOCK.matcher(message);
            return new AlreadyEnqueuedException(lock.find() ? lock.group(1) : null, error);
        }
        if (isConnectionFailure(error, state)) {
            return new ConnectionLostException("database connection failed (SQLSTATE " + state + "): " + message,
                    error);
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return new ProcrastinateTransientException("transaction conflict (SQLSTATE " + state + "): " + message,
                    error);
        }
        if ((state.equals("42P01") || state.equals("42883") || state.equals("42704"))
                && message.contains("procrastinate")) {
            return new SchemaException("procrastinate schema not found in the database (" + message.trim()
                    + "): apply it with SchemaManager.apply() or `procrastinate schema --apply`", error);
        }
        return new DatabaseException(message.trim() + " (SQLSTATE " + state + ") in: " + firstLine(sql), state,
                error);
    }

    private static boolean isConnectionFailure(SQLException error, String state) {
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300")) {
            return true;
        }
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

    private static String firstLine(String sql) {
        String trimmed = sql == null ? "" : sql.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline) + " …";
    }
}
