package dev.procrastinate.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What a {@link ConnectorProvider} needs to create a connector: a URL ({@code postgresql://…} or
 * {@code jdbc:postgresql:…}, read by {@link PostgresUrl}), optional credentials, the pool's size and wait, where
 * LISTEN connects when that differs from the URL, whether the URL is a pooler in transaction mode, and free-form
 * properties that a connector may read ({@code "connector"} chooses a provider by name). Instead of a URL, an
 * application's own {@link DataSource} (the JDBC connector runs on it, upstream's {@code connector_params()}). Immutable; build with
 * {@link #builder()}. A bad value is a {@link ConfigurationException} whose {@link ConfigurationException#option()}
 * is the builder method's name.
 *
 * <p><b>PgBouncer.</b> Behind PgBouncer in transaction pooling mode, set {@link Builder#transactionPooler(boolean)}
 * (the connectors then use no named server-side prepared statements, which such a pooler cannot follow) and
 * {@link Builder#listenUrl(String)} to a direct address of the server: LISTEN keeps a session, which transaction
 * pooling does not give. Left unset in the builder, both come from the system properties {@value #LISTEN_URL_PROPERTY}
 * and {@value #TRANSACTION_POOLER_PROPERTY}, else the environment variables {@value #LISTEN_URL_ENVIRONMENT} and
 * {@value #TRANSACTION_POOLER_ENVIRONMENT} (the command line's {@code --listen-url} and {@code --transaction-pooler}
 * set them, so that they reach an app that builds its own options).
 */
public final class ConnectorOptions {

    public static final String CONNECTOR = "connector";

    /** Option names, as the builder's methods and {@link ConfigurationException#option()} name them. */
    public static final String URL = "url";
    public static final String MAX_POOL_SIZE = "maxPoolSize";
    public static final String CONNECTION_TIMEOUT = "connectionTimeout";
    public static final String LISTEN_URL = "listenUrl";
    public static final String TRANSACTION_POOLER = "transactionPooler";

    public static final String LISTEN_URL_PROPERTY = "procrastinate.listen-url";
    public static final String LISTEN_URL_ENVIRONMENT = "PROCRASTINATE_LISTEN_URL";
    public static final String TRANSACTION_POOLER_PROPERTY = "procrastinate.transaction-pooler";
    public static final String TRANSACTION_POOLER_ENVIRONMENT = "PROCRASTINATE_TRANSACTION_POOLER";

    private final String url;
    private final DataSource dataSource;
    private final String user;
    private final String password;
    private final int maxPoolSize;
    private final Duration connectionTimeout;
    private final String listenUrl;
    private final boolean transactionPooler;
    private final Map<String, String> properties;

    private ConnectorOptions(Builder builder) {
        this.url = builder.url;
        this.dataSource = builder.dataSource;
        this.user = builder.user;
        this.password = builder.password;
        this.maxPoolSize = builder.maxPoolSize;
        this.connectionTimeout = builder.connectionTimeout;
        this.listenUrl = builder.listenUrl != null ? builder.listenUrl
                : blankToNull(setting(LISTEN_URL_PROPERTY, LISTEN_URL_ENVIRONMENT));
        this.transactionPooler = builder.transactionPooler != null ? builder.transactionPooler
                : Boolean.parseBoolean(setting(TRANSACTION_POOLER_PROPERTY, TRANSACTION_POOLER_ENVIRONMENT));
        this.properties = Map.copyOf(builder.properties);
    }

    private static String setting(String property, String environment) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(environment);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A new builder: no URL, 10 pooled connections, a 10 s connection timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options with only a URL ({@code postgresql://…}, {@code jdbc:postgresql://…}).
     *
     * @throws ConfigurationException when {@code url} is null or blank
     */
    public static ConnectorOptions ofUrl(String url) {
        return builder().url(url).build();
    }

    /** The URL; null only when a {@link #dataSource()} is given instead. */
    public String url() {
        return url;
    }

    /** The application's own data source, given instead of a URL. */
    public Optional<DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    /** The URL read as a PostgreSQL address, with {@link #user()} and {@link #password()} applied over it. */
    public PostgresUrl postgresUrl() {
        return PostgresUrl.parse(url, URL).withCredentials(user, password);
    }

    /** The user given apart from the URL; empty: the URL's own (or the driver's default). */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The password given apart from the URL; empty: the URL's own, if any. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The largest number of pooled connections, LISTEN's dedicated one not included. */
    public int maxPoolSize() {
        return maxPoolSize;
    }

    /** How long a statement waits for a pooled connection before a {@link ConnectionLostException}. */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** Where LISTEN connects: {@link Builder#listenUrl}, else the URL. Credentials as {@link #user()} gives them. */
    public String listenUrl() {
        return listenUrl != null ? listenUrl : url;
    }

    /** The LISTEN address read as {@link #postgresUrl()} reads the URL. */
    public PostgresUrl listenPostgresUrl() {
        return PostgresUrl.parse(listenUrl(), listenUrl != null ? LISTEN_URL : URL).withCredentials(user, password);
    }

    /** Whether the URL is a pooler in transaction mode (PgBouncer): no named server-side prepared statements. */
    public boolean transactionPooler() {
        return transactionPooler;
    }

    /** Driver-specific settings a connector may read ({@link Builder#property}); unmodifiable, never null. */
    public Map<String, String> properties() {
        return properties;
    }

    /** One of {@link #properties()}; empty when not set. {@code name} must not be null. */
    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder builder = builder().url(url).dataSource(dataSource).user(user).password(password)
                .maxPoolSize(maxPoolSize).connectionTimeout(connectionTimeout).listenUrl(listenUrl).transactionPooler(transactionPooler);
        builder.properties.putAll(properties);
        return builder;
    }

    @Override
    public String toString() {
        return "ConnectorOptions[" + (dataSource != null ? "dataSource=" + dataSource : "url=" + url) + ", user=" + user + ", maxPoolSize=" + maxPoolSize
                + ", connectionTimeout=" + connectionTimeout + (listenUrl == null ? "" : ", listenUrl=" + listenUrl)
                + (transactionPooler ? ", transactionPooler" : "") + ", properties=" + properties + "]";
    }

    /** Builder; {@code maxPoolSize} defaults to 10, {@code connectionTimeout} to 10 s. */
    public static final class Builder {
        private String url;
        private DataSource dataSource;
        private String user;
        private String password;
        private int maxPoolSize = 10;
        private Duration connectionTimeout = Duration.ofSeconds(10);
        private String listenUrl;
        private Boolean transactionPooler;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The server's URL ({@code postgresql://user@host:port/db} or {@code jdbc:postgresql://…}); checked by
         * {@link #build()}.
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** The application's own pool instead of a URL; the connector neither sizes nor closes it. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** The user, over the URL's; null: the URL's. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password, over the URL's; null: the URL's. Never logged. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** The largest number of pooled connections (default 10), at least 1 (checked by {@link #build()}). */
        public Builder maxPoolSize(int maxPoolSize) {
            this.maxPoolSize = maxPoolSize;
            return this;
        }

        /** How long a statement waits for a pooled connection; at least 250 ms (HikariCP's floor). */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /**
         * A direct address of the server for LISTEN (null: the URL), for when the URL is a pooler in transaction
         * mode. Same forms as the URL; user and password as for the URL.
         */
        public Builder listenUrl(String listenUrl) {
            this.listenUrl = listenUrl == null || listenUrl.isBlank() ? null : listenUrl.strip();
            return this;
        }

        /** The URL is a pooler in transaction mode (PgBouncer's {@code pool_mode = transaction}). */
        public Builder transactionPooler(boolean transactionPooler) {
            this.transactionPooler = transactionPooler;
            return this;
        }

        /**
         * A driver-specific setting.
         *
         * @throws NullPointerException when {@code name} or {@code value} is null
         */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The options. Not thread-safe (a builder is for one thread); the options it builds are immutable.
         *
         * @throws ConfigurationException naming the option ({@link ConfigurationException#option()}) when the URL
         *     and data source are both or neither given, the pool size is below 1 or the timeout below 250 ms
         */
        public ConnectorOptions build() {
            if ((url == null || url.isBlank()) == (dataSource == null)) {
                throw ConfigurationException.ofOption(URL, "ConnectorOptions needs a url (postgresql://host/db or "
                        + "jdbc:postgresql://host/db) or a dataSource, one of them");
            }
            if (maxPoolSize < 1) {
                throw ConfigurationException.ofOption(MAX_POOL_SIZE, "ConnectorOptions.maxPoolSize must be at "
                        + "least 1, was " + maxPoolSize);
            }
            if (connectionTimeout == null || connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
                throw ConfigurationException.ofOption(CONNECTION_TIMEOUT, "ConnectorOptions.connectionTimeout must "
                        + "be at least 250 ms, was " + connectionTimeout);
            }
            ConnectorOptions options = new ConnectorOptions(this);
            if (options.listenUrl != null && !PostgresUrl.isPostgresUrl(options.listenUrl)) {
                PostgresUrl.parse(options.listenUrl, LISTEN_URL);
            }
            return options;
        }
    }
}
