package dev.procrastinate.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ConnectorProvider} needs to create a connector: a URL ({@code postgresql://…} or
 * {@code jdbc:postgresql:…}), optional credentials, a pool size, and free-form properties that a connector may
 * read ({@code "connector"} chooses a provider by name). Immutable; build with {@link #builder()}.
 */
public final class ConnectorOptions {

    public static final String CONNECTOR = "connector";

    private final String url;
    private final String user;
    private final String password;
    private final int maxPoolSize;
    private final Map<String, String> properties;

    private ConnectorOptions(Builder builder) {
        this.url = builder.url;
        this.user = builder.user;
        this.password = builder.password;
        this.maxPoolSize = builder.maxPoolSize;
        this.properties = Map.copyOf(builder.properties);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ConnectorOptions ofUrl(String url) {
        return builder().url(url).build();
    }

    public String url() {
        return url;
    }

    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The largest number of pooled connections, LISTEN's dedicated one not included. */
    public int maxPoolSize() {
        return maxPoolSize;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    public Builder toBuilder() {
        Builder builder = builder().url(url).user(user).password(password).maxPoolSize(maxPoolSize);
        builder.properties.putAll(properties);
        return builder;
    }

    @Override
    public String toString() {
        return "ConnectorOptions[url=" + url + ", user=" + user + ", maxPoolSize=" + maxPoolSize
                + ", properties=" + properties + "]";
    }

    /** Builder; {@code maxPoolSize} defaults to 10. */
    public static final class Builder {
        private String url;
        private String user;
        private String password;
        private int maxPoolSize = 10;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder maxPoolSize(int maxPoolSize) {
            this.maxPoolSize = maxPoolSize;
            return this;
        }

        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public ConnectorOptions build() {
            if (url == null || url.isBlank()) {
                throw new ConfigurationException("ConnectorOptions.url is required (postgresql://host/db or "
                        + "jdbc:postgresql://host/db)");
            }
            if (maxPoolSize < 1) {
                throw new ConfigurationException("ConnectorOptions.maxPoolSize must be at least 1, was "
                        + maxPoolSize);
            }
            return new ConnectorOptions(this);
        }
    }
}
