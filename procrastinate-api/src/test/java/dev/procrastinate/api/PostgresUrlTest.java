package dev.procrastinate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void everyUrlFormReadsToTheSameAddress() {
        PostgresUrl libpq = PostgresUrl.parse("postgresql://app:s%40cret@db.example:6432/queue?sslmode=require",
                "url");
        PostgresUrl shortScheme = PostgresUrl.parse("postgres://app:s%40cret@db.example:6432/queue?sslmode=require",
                "url");
        PostgresUrl pgjdbc = PostgresUrl.parse("jdbc:postgresql://db.example:6432/queue?sslmode=require", "url")
                .withCredentials("app", "s@cret");
        PostgresUrl pgjdbcNg = PostgresUrl.parse("jdbc:pgsql://db.example:6432/queue?sslmode=require", "url")
                .withCredentials("app", "s@cret");

        assertThat(libpq).isEqualTo(new PostgresUrl("db.example", 6432, "queue", "app", "s@cret", "sslmode=require"))
                .isEqualTo(shortScheme).isEqualTo(pgjdbc).isEqualTo(pgjdbcNg);
        assertThat(libpq.jdbcUrl("jdbc:postgresql://"))
                .isEqualTo("jdbc:postgresql://db.example:6432/queue?sslmode=require");
        assertThat(libpq.toString()).doesNotContain("cret");
    }

    @Test
    void credentialsInTheQueryAreReadAsPgjdbcReadsThem() {
        PostgresUrl address = PostgresUrl.parse("jdbc:postgresql://localhost/db?user=u&password=p%26q", "url");

        assertThat(address.user()).isEqualTo("u");
        assertThat(address.password()).isEqualTo("p&q");
        assertThat(address.port()).isEqualTo(-1);
        assertThat(address.portOrDefault()).isEqualTo(5432);
    }

    @Test
    void aUrlOfAnotherKindIsRefusedNamingTheOptionItCameFrom() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://localhost/db", "listenUrl"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("listenUrl 'mysql://localhost/db'")
                .satisfies(e -> assertThat(((ConfigurationException) e).option()).contains("listenUrl"));
    }

    @Test
    void connectorOptionsNameTheOptionTheyRefuse() {
        assertThatThrownBy(() -> ConnectorOptions.builder().url("postgresql://h/d").maxPoolSize(0).build())
                .satisfies(e -> assertThat(((ConfigurationException) e).option())
                        .contains(ConnectorOptions.MAX_POOL_SIZE));
        assertThatThrownBy(() -> ConnectorOptions.builder().url("postgresql://h/d")
                .connectionTimeout(Duration.ofMillis(10)).build())
                .satisfies(e -> assertThat(((ConfigurationException) e).option())
                        .contains(ConnectorOptions.CONNECTION_TIMEOUT));
        assertThatThrownBy(() -> ConnectorOptions.builder().url("postgresql://h/d").listenUrl("h:5432").build())
                .satisfies(e -> assertThat(((ConfigurationException) e).option())
                        .contains(ConnectorOptions.LISTEN_URL));
    }

    @Test
    void listenGoesToTheUrlUnlessADirectAddressIsGiven() {
        ConnectorOptions direct = ConnectorOptions.builder().url("postgresql://u@bouncer:6432/db").build();
        ConnectorOptions pooled = direct.toBuilder().listenUrl("postgresql://db-host:5432/db").password("pw")
                .transactionPooler(true).build();

        assertThat(direct.listenPostgresUrl()).isEqualTo(direct.postgresUrl());
        assertThat(pooled.listenPostgresUrl()).isEqualTo(new PostgresUrl("db-host", 5432, "db", null, "pw", null));
        assertThat(pooled.transactionPooler()).isTrue();
    }
}
