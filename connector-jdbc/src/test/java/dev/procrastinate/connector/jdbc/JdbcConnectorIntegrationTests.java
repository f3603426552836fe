package dev.procrastinate.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.api.DatabaseException;
import dev.procrastinate.jdbc.SqlExceptions;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What is particular to connector-jdbc; the shared contract runs in connector-tests (JdbcConnectorTestKit). */
@ExtendWith(PostgresExtension.class)
class JdbcConnectorIntegrationTests {

    @Test
    void serviceLoaderFindsTheJdbcConnectorForJdbcAndLibpqUrls(TestDatabase database) {
        assertThat(Connectors.providers()).extracting(p -> p.name()).containsExactly("jdbc");
        String jdbcUrl = database.jdbcUrl() + "?user=" + database.user();

        try (Connector fromJdbc = Connectors.create(jdbcUrl);
                Connector fromLibpq = Connectors.create(database.postgresUrl())) {
            assertThat(fromJdbc.name()).isEqualTo("jdbc");
            assertThat(fromLibpq.query("SELECT current_database() AS db").get(0).getString("db"))
                    .isEqualTo(database.name());
            assertThat(fromJdbc.query("SELECT 1 AS one").get(0).getInteger("one")).isEqualTo(1);
        }
    }

    @Test
    void fromDataSourceUsesTheApplicationsPoolAndLeavesItOpen(TestDatabase database) {
        try (Connector connector = JdbcConnector.fromDataSource(database.dataSource())) {
            assertThat(connector.query("SELECT current_database() AS db").get(0).getString("db"))
                    .isEqualTo(database.name());
        }
        assertThat(database.queryForLong("SELECT 7")).isEqualTo(7);
    }

    @Test
    void unsupportedUrlIsRefusedWithTheExpectedForms() {
        assertThat(new JdbcConnectorProvider().supports(ConnectorOptions.ofUrl("mysql://x/y"))).isFalse();
        assertThatThrownBy(() -> JdbcConnector.create(ConnectorOptions.ofUrl("mysql://x/y")))
                .hasMessageContaining("postgresql://");
    }

    @Test
    void aStatementOnAPooledConnectionWhoseBackendWasTerminatedRunsOnAFreshOne(TestDatabase database) {
        try (Connector connector = JdbcConnector.create(database.connectorOptions().toBuilder().maxPoolSize(1)
                .build())) {
            long before = connector.query("SELECT pg_backend_pid() AS pid").get(0).getInteger("pid");
            database.execute("SELECT pg_terminate_backend(" + before + ")");
            await().atMost(Duration.ofSeconds(10)).until(() -> database.queryForLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = " + before) == 0);

            long after = connector.query("SELECT pg_backend_pid() AS pid").get(0).getInteger("pid");

            assertThat(after).isNotEqualTo(before);
        }
    }

    @Test
    void aDriverErrorWithoutSqlStateIsALostConnectionOnlyWhenTheConnectionIsGone(TestDatabase database)
            throws Exception {
        SQLException closed = new SQLException("Connection closed");
        Connection connection = database.connect();
        assertThat(SqlExceptions.translate(closed, "SELECT 1", connection)).isInstanceOf(DatabaseException.class);

        connection.close();

        assertThat(SqlExceptions.translate(closed, "SELECT 1", connection))
                .isInstanceOf(ConnectionLostException.class).hasMessageContaining("Connection closed");
    }
}
