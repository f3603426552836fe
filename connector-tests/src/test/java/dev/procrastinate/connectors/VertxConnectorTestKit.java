package dev.procrastinate.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.ProcrastinateNonTransientException;
import dev.procrastinate.connector.vertx.VertxConnector;
import dev.procrastinate.tck.CallerTransactionHandle;
import dev.procrastinate.tck.ConnectorTestKit;
import dev.procrastinate.tck.RestartableDatabase;
import dev.procrastinate.testing.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class VertxConnectorTestKit implements ConnectorTestKit {

    @Override
    public Connector createConnector(TestDatabase database) {
        return VertxConnector.create(ConnectorOptions.builder().url(database.postgresUrl()).build());
    }

    @Override
    public Optional<RestartableDatabase> restartableDatabase() {
        return RestartableServers.newDatabase(this::createConnector);
    }

    /** A Vert.x connection of its own, with a transaction begun on it; closing rolls back and closes it. */
    @Override
    public Optional<CallerTransactionHandle> beginCallerTransaction(TestDatabase database) {
        Vertx vertx = Vertx.vertx();
        SqlConnection connection = join(PgConnection.connect(vertx,
                PgConnectOptions.fromUri(database.postgresUrl())));
        Transaction transaction = join(connection.begin());
        return Optional.of(new CallerTransactionHandle() {
            @Override
            public Object connection() {
                return connection;
            }

            @Override
            public void commit() {
                join(transaction.commit());
            }

            @Override
            public void rollback() {
                join(transaction.rollback());
            }

            @Override
            public void close() {
                join(connection.close());
                join(vertx.close());
            }
        });
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String providerName() {
        return "vertx";
    }

    @Test
    void blockingCallsAreRefusedOnAnEventLoopThreadWhileAsyncOnesWork(TestDatabase database) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Connector connector = VertxConnector.create(vertx,
                ConnectorOptions.builder().url(database.postgresUrl()).build())) {
            CompletableFuture<Throwable> blocking = new CompletableFuture<>();
            CompletableFuture<Integer> async = new CompletableFuture<>();
            vertx.runOnContext(ignored -> {
                assertThat(Context.isOnEventLoopThread()).isTrue();
                try {
                    connector.query("SELECT 1");
                    blocking.complete(null);
                } catch (RuntimeException e) {
                    blocking.complete(e);
                }
                connector.queryAsync("SELECT 7 AS n").whenComplete((rows, error) ->
                        async.complete(error == null ? rows.get(0).getInteger("n") : -1));
            });

            assertThatThrownBy(() -> {
                throw blocking.get(10, TimeUnit.SECONDS);
            }).isInstanceOf(ProcrastinateNonTransientException.class).hasMessageContaining("event-loop");
            assertThat(async.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStatementIsPreparedOnceOnItsConnectionAndReusedInsteadOfParsedOnEveryCall(TestDatabase database) {
        try (Connector connector = VertxConnector.create(ConnectorOptions.builder().url(database.postgresUrl())
                .maxPoolSize(1).build())) {
            String statement = "SELECT $1::integer + 1 AS next";
            for (int i = 0; i < 3; i++) {
                assertThat(connector.query(statement, i).get(0).getInteger("next")).isEqualTo(i + 1);
            }

            assertThat(connector.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1",
                    statement).get(0).getLong("n")).isEqualTo(1L);
        }
    }

    @Test
    void behindATransactionPoolerNoStatementIsLeftPreparedOnTheServer(TestDatabase database) {
        try (Connector connector = VertxConnector.create(ConnectorOptions.builder().url(database.postgresUrl())
                .maxPoolSize(1).transactionPooler(true).build())) {
            String statement = "SELECT $1::integer + 2 AS next";
            for (int i = 0; i < 3; i++) {
                assertThat(connector.query(statement, i).get(0).getInteger("next")).isEqualTo(i + 2);
            }

            assertThat(connector.query("SELECT count(*) AS n FROM pg_prepared_statements").get(0).getLong("n"))
                    .isZero();
        }
    }
}
