package dev.procrastinate.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.ProcrastinateNonTransientException;
import dev.procrastinate.connector.vertx.VertxConnector;
import dev.procrastinate.tck.ConnectorTestKit;
import dev.procrastinate.tck.RestartableDatabase;
import dev.procrastinate.testing.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
}
