package dev.procrastinate.jdbc;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.PostgresUrl;
import java.util.Locale;

/**
 * Where a JDBC driver connects: its URL and the credentials. A URL already in the driver's scheme is used as it is
 * (the driver reads its own parameters), with the options' user and password; any other form is read by
 * {@link PostgresUrl} and written in the driver's scheme.
 *
 * @param jdbcUrl the URL in the driver's scheme
 * @param user the user, or null for the driver's default
 * @param password the password, or null
 */
public record JdbcTarget(String jdbcUrl, String user, String password) {

    /** Whether a connector on a driver of {@code scheme} reads the URL: its own scheme, or libpq's. */
    public static boolean supports(String url, String scheme) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith(scheme) || PostgresUrl.isPostgresUrl(url) && !lower.startsWith("jdbc:");
    }

    /** The target of {@code url} (the option named {@code option}) for a driver of {@code scheme}. */
    public static JdbcTarget of(String url, String option, ConnectorOptions options, String scheme) {
        if (url != null && url.toLowerCase(Locale.ROOT).startsWith(scheme)) {
            return new JdbcTarget(url, options.user().orElse(null), options.password().orElse(null));
        }
        PostgresUrl address = PostgresUrl.parse(url, option)
                .withCredentials(options.user().orElse(null), options.password().orElse(null));
        return new JdbcTarget(address.jdbcUrl(scheme + "//"), address.user(), address.password());
    }

    /** The statements' target ({@link ConnectorOptions#url()}). */
    public static JdbcTarget statements(ConnectorOptions options, String scheme) {
        return of(options.url(), ConnectorOptions.URL, options, scheme);
    }

    /** LISTEN's target ({@link ConnectorOptions#listenUrl()}, the URL when none is given). */
    public static JdbcTarget listen(ConnectorOptions options, String scheme) {
        return of(options.listenUrl(), options.listenUrl().equals(options.url()) ? ConnectorOptions.URL
                : ConnectorOptions.LISTEN_URL, options, scheme);
    }

    /** A connection of its own (LISTEN's), outside any pool. */
    public java.sql.Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** Without the password, for messages. */
    @Override
    public String toString() {
        return "JdbcTarget[" + jdbcUrl + ", user=" + user + "]";
    }
}
