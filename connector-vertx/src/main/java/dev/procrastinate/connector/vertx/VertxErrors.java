package dev.procrastinate.connector.vertx;

import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.DatabaseException;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.ProcrastinateNonTransientException;
import dev.procrastinate.api.ProcrastinateTransientException;
import dev.procrastinate.api.SchemaException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one place where Vert.x failures become procrastinate exceptions; the same rules as the JDBC connectors. */
final class VertxErrors {

    private static final Pattern QUEUEING_LOCK = Pattern.compile("\\(queueing_lock\\)=\\((.*?)\\)");

    private VertxErrors() {
    }

    static ProcrastinateException translate(Throwable error, String sql) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ProcrastinateException known) {
            return known;
        }
        if (cause instanceof PgException pg) {
            return fromServer(pg, sql);
        }
        if (isConnectionFailure(cause)) {
            return new ConnectionLostException("database connection failed: " + cause.getMessage(), cause);
        }
        return new ProcrastinateNonTransientException("statement failed: " + cause + " in: " + firstLine(sql), cause);
    }

    private static ProcrastinateException fromServer(PgException pg, String sql) {
        String state = pg.getSqlState() == null ? "" : pg.getSqlState();
        String message = pg.getErrorMessage() == null ? String.valueOf(pg.getMessage()) : pg.getErrorMessage();
        if (state.equals("23505") && (String.valueOf(pg.getConstraint()) + message)
                .contains("procrastinate_jobs_queueing_lock_idx")) {
            Matcher lock = QUEUEING_LOCK.matcher(String.valueOf(pg.getDetail()));
            return new AlreadyEnqueuedException(lock.find() ? lock.group(1) : null, pg);
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300")) {
            return new ConnectionLostException("database connection failed (SQLSTATE " + state + "): " + message, pg);
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return new ProcrastinateTransientException("transaction conflict (SQLSTATE " + state + "): " + message,
                    pg);
        }
        if ((state.equals("42P01") || state.equals("42883") || state.equals("42704"))
                && message.contains("procrastinate")) {
            return new SchemaException("procrastinate schema not found in the database (" + message
                    + "): apply it with SchemaManager.apply() or `procrastinate schema --apply`", pg);
        }
        return new DatabaseException(message + " (SQLSTATE " + state + ") in: " + firstLine(sql), state, pg);
    }

    private static boolean isConnectionFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof IOException || name.contains("ClosedConnection") || name.contains("Connect")
                    || name.contains("NoStackTraceTimeoutException")) {
                return true;
            }
            if (String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connection")) {
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
