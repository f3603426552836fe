package dev.procrastinate.connector.vertx;

import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.ProcrastinateNonTransientException;
import dev.procrastinate.api.SqlStates;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.concurrent.CompletionException;

/** Vert.x failures as procrastinate exceptions: server errors through {@link SqlStates}, like every connector. */
final class VertxErrors {

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
        String message = pg.getErrorMessage() == null ? String.valueOf(pg.getMessage()) : pg.getErrorMessage();
        return SqlStates.toException(pg.getSqlState(), message, pg.getConstraint() + " " + pg.getDetail(), sql, pg);
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
