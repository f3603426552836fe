package dev.procrastinate.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mapping from a PostgreSQL error (SQLSTATE, message) to procrastinate's exceptions, shared by every connector
 * so that they all fail the same way: a queueing-lock clash is {@link AlreadyEnqueuedException}, a lost connection
 * {@link ConnectionLostException}, a serialization failure or deadlock transient, a missing procrastinate object
 * {@link SchemaException}, anything else {@link DatabaseException}.
 */
public final class SqlStates {

    private static final Pattern QUEUEING_LOCK = Pattern.compile("\\(queueing_lock\\)=\\((.*?)\\)");

    private SqlStates() {
    }

    /**
     * Whether the state says the connection is gone (class 08, admin/crash shutdown, too many connections). Pure
     * function, thread-safe, never throws; {@code sqlState} may be null (then false).
     */
    public static boolean isConnectionFailure(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01")
                || sqlState.equals("57P02") || sqlState.equals("57P03") || sqlState.equals("53300"));
    }

    /**
     * The exception for a server error. {@code details} is whatever else the driver reported (detail line,
     * constraint name), searched for the queueing lock; {@code statement} is the SQL that failed, for the message.
     * Every argument may be null. Pure function, thread-safe; returns the exception (never null), never throws it.
     */
    public static ProcrastinateException toException(String sqlState, String message, String details,
            String statement, Throwable cause) {
        String state = sqlState == null ? "" : sqlState;
        String text = message == null ? "" : message.strip();
        String all = text + " " + (details == null ? "" : details);
        if (state.equals("23505") && all.contains("procrastinate_jobs_queueing_lock_idx")) {
            Matcher lock = QUEUEING_LOCK.matcher(all);
            return new AlreadyEnqueuedException(lock.find() ? lock.group(1) : null, cause);
        }
        if (state.equals("23503") && all.contains("procrastinate_jobs_worker_id_fkey")) {
            return new WorkerNotRegisteredException(null, firstLine(text), cause);
        }
        if (isConnectionFailure(state)) {
            return new ConnectionLostException("database connection failed (SQLSTATE " + state + "): " + text, cause);
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return new ProcrastinateTransientException("transaction conflict (SQLSTATE " + state + "): " + text,
                    cause);
        }
        if ((state.equals("42P01") || state.equals("42883") || state.equals("42704")) && text.contains("procrastinate")) {
            return new SchemaException("procrastinate schema not found in the database (" + firstLine(text)
                    + "): apply it with SchemaManager.apply() or `procrastinate schema --apply`", cause);
        }
        return new DatabaseException(text + " (SQLSTATE " + state + ") in: " + firstLine(statement), state, cause);
    }

    private static String firstLine(String text) {
        String trimmed = text == null ? "" : text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline) + " …";
    }
}
