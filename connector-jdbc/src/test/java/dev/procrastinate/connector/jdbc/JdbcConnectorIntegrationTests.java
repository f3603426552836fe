package dev.procrastinate.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.api.DatabaseException;
import dev.procrastinate.api.Notification;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.ProcrastinateNonTransientException;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.Subscription;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
    void parametersOfEveryTypeRoundTripAndResultsAreNormalised(TestDatabase database) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (Connector connector = JdbcConnector.create(database.connectorOptions())) {
            Row row = connector.query("SELECT $1::text AS s, $2::int AS i, $3::bigint AS l, $4::boolean AS b, "
                    + "$5::float8 AS d, $6::timestamptz AS t, $7::text[] AS sa, $8::bigint[] AS la, "
                    + "'{\"k\": [1, \"x\"]}'::jsonb AS j, $1::text AS again, $9::text AS nothing",
                    "it's", 42, 1L << 40, true, 2.5, now, new String[] {"a", null}, new Long[] {1L, 2L}, null)
                    .get(0);

            assertThat(row.getString("s")).isEqualTo("it's");
            assertThat(row.get("i")).isEqualTo(42);
            assertThat(row.get("l")).isEqualTo(1L << 40);
            assertThat(row.get("b")).isEqualTo(true);
            assertThat(row.get("d")).isEqualTo(2.5);
            assertThat(row.get("t")).isEqualTo(now);
            assertThat(row.getString("sa")).isEqualTo("{a,NULL}");
            assertThat(row.getString("j")).isEqualTo("{\"k\": [1, \"x\"]}");
            assertThat(row.getString("again")).isEqualTo("it's");
            assertThat(row.get("nothing")).isNull();
        }
    }

    @Test
    void badSqlIsADatabaseExceptionWithItsSqlState(TestDatabase database) {
        try (Connector connector = JdbcConnector.create(database.connectorOptions())) {
            assertThatThrownBy(() -> connector.query("SELEC 1"))
                    .isInstanceOf(DatabaseException.class)
                    .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("42601"));
        }
    }

    @Test
    void asyncQueriesCompleteOnConnectorThreads(TestDatabase database) {
        try (Connector connector = JdbcConnector.create(database.connectorOptions())) {
            List<Row> rows = connector.queryAsync("SELECT $1::int + 1 AS n", 41).toCompletableFuture().join();
            assertThat(rows.get(0).getInteger("n")).isEqualTo(42);
            assertThat(connector.executeAsync("SELECT 1").toCompletableFuture().join()).isZero();
        }
    }

    @Test
    void listenReceivesNotificationsAndSurvivesATerminatedConnection(TestDatabase database) {
        List<Notification> received = new CopyOnWriteArrayList<>();
        AtomicInteger listening = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        NotificationListener listener = new NotificationListener() {
            @Override
            public void onNotification(Notification notification) {
                received.add(notification);
            }

            @Override
            public void onListening() {
                listening.incrementAndGet();
            }

            @Override
            public void onConnectionLost(Throwable cause) {
                lost.incrementAndGet();
            }
        };
        String channel = "procrastinate_queue_v1#default";
        try (Connector connector = JdbcConnector.create(database.connectorOptions());
                Subscription subscription = connector.listen(List.of(channel), listener)) {
            await().atMost(Duration.ofSeconds(10)).until(subscription::isListening);
            connector.query("SELECT pg_notify($1, 'first')", channel);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            assertThat(received.get(0)).isEqualTo(new Notification(channel, "first"));

            connector.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = 'procrastinate-listen' AND datname = current_database()");
            await().atMost(Duration.ofSeconds(20)).until(() -> lost.get() >= 1 && listening.get() >= 2
                    && subscription.isListening());
            connector.query("SELECT pg_notify($1, 'second')", channel);

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
            assertThat(received.get(1).payload()).isEqualTo("second");
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
    void closeIsIdempotentAndLaterCallsFailClearly(TestDatabase database) {
        Connector connector = JdbcConnector.create(database.connectorOptions());
        connector.close();
        connector.close();

        assertThatThrownBy(() -> connector.query("SELECT 1"))
                .isInstanceOf(ProcrastinateNonTransientException.class).hasMessageContaining("closed");
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
}
