package dev.procrastinate.connector.jdbc;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.ConnectorOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** JDBC URL and credentials from connector options whose URL is a JDBC or a libpq-style URL. */
record JdbcUrls(String jdbcUrl, String user, String password) {

    static boolean supports(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:postgresql:") || lower.startsWith("postgresql://")
                || lower.startsWith("postgres://");
    }

    static JdbcUrls of(ConnectorOptions options) {
        String url = options.url();
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            return new JdbcUrls(url, options.user().orElse(null), options.password().orElse(null));
        }
        if (!supports(url)) {
            throw new ConfigurationException("connector 'jdbc' does not understand URL '" + url
                    + "'; use jdbc:postgresql://host:port/db or postgresql://user:password@host:port/db");
        }
        URI uri = URI.create(url.replaceFirst("^(?i)postgres(ql)?://", "postgresql://"));
        String user = options.user().orElse(null);
        String password = options.password().orElse(null);
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = user != null ? user : decode(parts[0]);
            password = password != null ? password : parts.length > 1 ? decode(parts[1]) : null;
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
        return new JdbcUrls(jdbc.toString(), user, password);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
