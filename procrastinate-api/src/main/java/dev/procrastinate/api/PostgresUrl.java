package dev.procrastinate.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A PostgreSQL address read from any URL form users give: libpq's {@code postgresql://user:password@host:port/db?…}
 * (or {@code postgres://}), pgjdbc's {@code jdbc:postgresql://…} and pgjdbc-ng's {@code jdbc:pgsql://…}. The one
 * parser of the project: connectors, the command line and the test support all read URLs through it. Credentials in
 * the URL (or, as pgjdbc reads them, its {@code user} and {@code password} parameters) are percent-decoded; the
 * query is kept as it was written. Immutable.
 *
 * @param host the host, {@code localhost} when the URL has none
 * @param port the port, or -1 when the URL has none (the driver's default, 5432)
 * @param database the database name, empty when the URL has none (the driver's default: the user's name)
 * @param user the user in the URL, or null
 * @param password the password in the URL, or null
 * @param query the query without {@code ?} ({@code sslmode=require&…}), or null
 */
public record PostgresUrl(String host, int port, String database, String user, String password, String query) {

    public PostgresUrl {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
    }

    /** Whether the text is one of the URL forms {@link #parse} reads (a scheme check). */
    public static boolean isPostgresUrl(String url) {
        return url != null && scheme(url).isPresent();
    }

    /**
     * Reads a URL; a {@link ConfigurationException} naming the forms accepted for anything else, attributed to
     * {@code option} (the option or property the URL came from, e.g. {@code "url"}).
     */
    public static PostgresUrl parse(String url, String option) {
        String rest = url == null ? null : scheme(url).map(scheme -> url.substring(scheme.length())).orElse(null);
        if (url == null) {
            throw ConfigurationException.ofOption(option, option + " is required here (only the jdbc connector "
                    + "runs on a DataSource): postgresql://user:password@host:port/db");
        }
        if (rest == null) {
            throw ConfigurationException.ofOption(option, option + " '" + url + "' is not a PostgreSQL URL; use "
                    + "postgresql://user:password@host:port/db or jdbc:postgresql://host:port/db");
        }
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw ConfigurationException.ofOption(option, option + " '" + url + "' is not a valid URL: "
                    + e.getMessage());
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String query = uri.getRawQuery();
        user = user != null ? user : parameter(query, "user");
        password = password != null ? password : parameter(query, "password");
        return new PostgresUrl(uri.getHost() == null ? "localhost" : uri.getHost(), uri.getPort(),
                decode(path.startsWith("/") ? path.substring(1) : path), user, password, uri.getRawQuery());
    }

    /** A parameter of the query, decoded, or null. */
    private static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name)) {
                return parts.length > 1 ? decode(parts[1]) : "";
            }
        }
        return null;
    }

    private static Optional<String> scheme(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        for (String scheme : new String[] {"postgresql://", "postgres://", "jdbc:postgresql://", "jdbc:pgsql://"}) {
            if (lower.startsWith(scheme)) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** {@code host:port} ({@code host} alone without a port), with an IPv6 host in brackets as URLs have it. */
    public String authority() {
        return host + (port < 0 ? "" : ":" + port);
    }

    /** The port, 5432 when the URL has none. */
    public int portOrDefault() {
        return port < 0 ? 5432 : port;
    }

    /** The URL for a JDBC driver of this scheme ({@code jdbc:postgresql://} or {@code jdbc:pgsql://}), no credentials. */
    public String jdbcUrl(String scheme) {
        return scheme + authority() + "/" + database + (query == null ? "" : "?" + query);
    }

    /** This address with another user and password where they are given (non-null), e.g. from separate options. */
    public PostgresUrl withCredentials(String otherUser, String otherPassword) {
        return new PostgresUrl(host, port, database, otherUser != null ? otherUser : user,
                otherPassword != null ? otherPassword : password, query);
    }

    /** Without the password, for messages and logs. */
    @Override
    public String toString() {
        return "postgresql://" + (user == null ? "" : user + "@") + authority() + "/" + database
                + (query == null ? "" : "?" + query);
    }
}
