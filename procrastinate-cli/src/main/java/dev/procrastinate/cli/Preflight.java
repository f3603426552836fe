package dev.procrastinate.cli;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.PostgresUrl;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * One plain connection before the app's pool is built, so that a wrong host, port, database, role or password is
 * reported with the server's own reason as soon as it answers, instead of after the pool's wait for a connection.
 */
final class Preflight {

    private static final int TIMEOUT_SECONDS = 10;

    private Preflight() {
    }

    /** Connects once to this URL and closes; a failure is a {@link CliException} naming the target and reason. */
    static void check(String url, String target) {
        Endpoint endpoint = endpoint(url);
        if (endpoint == null) {
            return; // not a URL the PostgreSQL JDBC driver reads: the app's connector reports its own errors
        }
        Properties properties = new Properties();
        if (endpoint.user != null) {
            properties.setProperty("user", endpoint.user);
        }
        if (endpoint.password != null) {
            properties.setProperty("password", endpoint.password);
        }
        properties.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "procrastinate-cli");
        try (Connection connection = DriverManager.getConnection(endpoint.jdbcUrl, properties)) {
            connection.isValid(TIMEOUT_SECONDS); // reachable, and the server accepted the role, password and database
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) && e.getMessage() != null
                    && e.getMessage().startsWith("No suitable driver")) {
                return;
            }
            throw new CliException("cannot reach the database at " + target + ": " + reason(e), e);
        }
    }

    /**
     * The reason of a failure to connect, found in the cause chain (the server's message, a refused connection, an
     * unknown host), or {@code null} when this error is not a failure to connect.
     */
    static String connectionFailure(Throwable error) {
        boolean connection = false;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectionLostException || cause instanceof ConnectException
                    || cause instanceof UnknownHostException
                    || cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28")
                    || sql.getSQLState().equals("3D000"))) {
                connection = true;
                break;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return connection ? reason(error) : null;
    }

    /** The most telling message of the chain: the deepest network error, else the driver's or server's words. */
    static String reason(Throwable error) {
        String server = null;
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return cause.getMessage() == null ? "connection refused" : lowerFirst(cause.getMessage());
            }
            if (cause instanceof SocketTimeoutException) {
                return "no answer (" + (cause.getMessage() == null ? "timed out" : cause.getMessage()) + ")";
            }
            if (cause instanceof SQLException && cause.getMessage() != null
                    && !cause.getMessage().startsWith("The connection attempt failed")
                    && !cause.getMessage().contains("Connection is not available")
                    && !cause.getMessage().startsWith("could not get a database connection")) {
                server = server == null ? cause.getMessage() : server;
            }
        }
        if (server == null) {
            server = error.getMessage() == null ? error.toString() : error.getMessage();
        }
        return server.replaceFirst("^(FATAL|ERROR): ", "").strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private record Endpoint(String jdbcUrl, String user, String password) {
    }

    /**
     * The JDBC URL and credentials of a libpq-style or JDBC URL (read by {@link PostgresUrl}), or {@code null} for
     * another kind of URL. A {@code jdbc:postgresql:} URL is the driver's own and used as it is.
     */
    static Endpoint endpoint(String url) {
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            return new Endpoint(url, null, null);
        }
        if (!PostgresUrl.isPostgresUrl(url)) {
            return null;
        }
        PostgresUrl address;
        try {
            address = PostgresUrl.parse(url, "--database-url");
        } catch (ConfigurationException e) {
            throw new CliException(e.getMessage(), e);
        }
        return new Endpoint(address.jdbcUrl("jdbc:postgresql://"), address.user(), address.password());
    }
}
