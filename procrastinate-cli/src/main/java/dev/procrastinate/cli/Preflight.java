package dev.procrastinate.cli;

import dev.procrastinate.api.ConnectionLostException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
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

    /** The JDBC URL and credentials of a libpq-style or JDBC URL, or {@code null} for another kind of URL. */
    static Endpoint endpoint(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return new Endpoint(url, null, null);
        }
        if (lower.startsWith("jdbc:pgsql:")) {
            return new Endpoint("jdbc:postgresql:" + url.substring("jdbc:pgsql:".length()), null, null);
        }
        if (!lower.startsWith("postgresql://") && !lower.startsWith("postgres://")) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url.replaceFirst("^(?i)postgres(ql)?://", "postgresql://"));
        } catch (IllegalArgumentException e) {
            throw new CliException("--database-url is not a URL such as postgresql://user:password@host:5432/db: "
                    + e.getMessage(), e);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://");
        jdbc.append(uri.getHost() == null ? "localhost" : uri.getHost());
        if (uri.getPort() >= 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        return new Endpoint(jdbc.toString(), user, password);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
