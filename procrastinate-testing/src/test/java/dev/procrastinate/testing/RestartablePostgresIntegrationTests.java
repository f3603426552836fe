package dev.procrastinate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RestartablePostgresIntegrationTests {

    private static RestartablePostgres postgres;
    private static TestDatabase database;

    @BeforeAll
    static void startServer() {
        postgres = RestartablePostgres.create();
        postgres.createRole("app");
        database = postgres.createDatabase("facts", "app");
        database.execute("CREATE TABLE IF NOT EXISTS facts (value text)");
    }

    @AfterAll
    static void closeServer() {
        postgres.close();
    }

    @Test
    void aStoppedServerRefusesConnectionsAndStartingItBringsTheSameDataBackOnTheSamePort() throws Exception {
        database.execute("INSERT INTO facts VALUES ('kept across stop')");
        int port = postgres.port();

        postgres.stop();

        assertThat(postgres.isRunning()).isFalse();
        assertThatThrownBy(database::connect).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));

        postgres.start();

        assertThat(postgres.port()).isEqualTo(port);
        assertThat(database.queryForLong("SELECT count(*) FROM facts WHERE value = 'kept across stop'"))
                .isEqualTo(1);
    }

    @Test
    void aRestartBreaksOpenConnectionsAndNewOnesWork() throws Exception {
        try (Connection before = database.connect(); Statement statement = before.createStatement()) {
            postgres.restart();

            assertThatThrownBy(() -> statement.execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        assertThat(database.queryForLong("SELECT 1")).isEqualTo(1);
    }

    @Test
    void theCreatedRoleIsNoSuperuserSoAConnectionLimitOfZeroRefusesIt() throws Exception {
        assertThat(postgres.database("postgres", RestartablePostgres.SUPERUSER)
                .queryForLong("SELECT count(*) FROM pg_roles WHERE rolname = 'app' AND NOT rolsuper")).isEqualTo(1);
        postgres.execute("ALTER ROLE app CONNECTION LIMIT 0");
        try {
            assertThatThrownBy(database::connect).isInstanceOf(SQLException.class)
                    .hasMessageContaining("too many connections");
            assertThat(postgres.database("facts", RestartablePostgres.SUPERUSER).queryForLong("SELECT 1"))
                    .isEqualTo(1);
        } finally {
            postgres.execute("ALTER ROLE app CONNECTION LIMIT -1");
        }
        assertThat(database.queryForLong("SELECT 1")).isEqualTo(1);
    }

    @Test
    void urlsNameTheDatabaseOnTheServersPort() {
        assertThat(postgres.jdbcUrl("facts")).isEqualTo("jdbc:postgresql://localhost:" + postgres.port() + "/facts");
        assertThat(postgres.url("facts", "app")).isEqualTo("postgresql://app@localhost:" + postgres.port()
                + "/facts");
        assertThat(database.jdbcUrl()).isEqualTo(postgres.jdbcUrl("facts"));
    }

    @Test
    void badIdentifiersAreRefusedWithTheRuleInTheMessage() {
        assertThatThrownBy(() -> postgres.createRole("Robert'); DROP"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role must be a lower-case SQL");
    }

    @Test
    void closeStopsTheServerAndDeletesItsDataDirectory() {
        RestartablePostgres other = RestartablePostgres.create();
        Path data = other.dataDirectory();
        assertThat(Files.exists(data.resolve("postgresql.conf"))).isTrue();

        other.close();

        assertThat(other.isRunning()).isFalse();
        assertThat(Files.exists(data.getParent())).isFalse();
        assertThatThrownBy(other::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
