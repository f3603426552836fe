package dev.procrastinate.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.core.worker.WorkerOptions;
import dev.procrastinate.testing.PgBouncer;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker and defers through PgBouncer in transaction pooling mode (Debian's {@code pgbouncer}, started here in
 * front of the embedded server), with LISTEN on a direct connection ({@code listenUrl}): every connector, with
 * {@code transactionPooler} set, runs every job exactly once, and notifications wake the worker. pgjdbc-ng is not
 * here: it names its server-side prepared statements, which PgBouncer before 1.21 (Debian 12 ships 1.18) mixes up
 * between clients in transaction mode (see PgjdbcNgConnector).
 */
@ExtendWith(PostgresExtension.class)
class PgBouncerIntegrationTests {

    private static final int JOBS = 300;
    private static PgBouncer bouncer;

    @BeforeAll
    static void startPgBouncer() {
        if (PgBouncer.executable().isEmpty()) {
            String message = "PgBouncer tests need pgbouncer (apt-get install -y pgbouncer, or set "
                    + "PROCRASTINATE_PGBOUNCER)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            System.err.println("*** SKIPPED: PgBouncerIntegrationTests did NOT run: " + message);
            Assumptions.abort("SKIPPED: " + message);
        }
        TestDatabase server = TestDatabase.create();
        // fewer server connections than the clients' pools: transactions of different clients share them
        bouncer = PgBouncer.start(server.host(), server.port(), server.user(), server.password(), 4);
    }

    @AfterAll
    static void stopPgBouncer() {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdbc", "vertx"})
    void jobsDeferredAndRunThroughPgBouncerInTransactionModeRunExactlyOnceAndListenWakesTheWorker(String connector,
            TestDatabase database) {
        ConnectorOptions options = ConnectorOptions.builder()
                .url(bouncer.postgresUrl(database.name(), database.user())).password(database.password())
                .transactionPooler(true).listenUrl(database.postgresUrl()).maxPoolSize(8).build();
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        try (App app = App.create(Connectors.get(connector, options))) {
            app.schema().apply();
            app.task("count", ctx -> runs.computeIfAbsent(ctx.job().id(), id -> new AtomicInteger())
                    .incrementAndGet());
            List<Long> ids = new ArrayList<>(app.batchDefer("count",
                    IntStream.range(0, JOBS / 2).mapToObj(i -> Map.of("i", i)).toList()));
            // polling only every 10 minutes: the second half runs this soon only if LISTEN (direct) wakes the worker
            WorkerOptions worker = WorkerOptions.builder().installSignalHandlers(false).concurrency(8)
                    .fetchJobPollingInterval(Duration.ofMinutes(10)).build();
            try (Worker running = app.worker(worker).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> runs.keySet().containsAll(ids));
                await().atMost(Duration.ofSeconds(20)).until(running::isListening);
                for (int i = JOBS / 2; i < JOBS; i++) {
                    ids.add(app.defer("count", Map.of("i", i)));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> runs.keySet().containsAll(ids));
            }

            assertThat(ids).hasSize(JOBS).doesNotHaveDuplicates();
            assertThat(runs).hasSize(JOBS).allSatisfy((id, count) -> assertThat(count.get()).isEqualTo(1));
            assertThat(app.jobManager().countByStatus()).containsEntry(JobStatus.SUCCEEDED, (long) JOBS);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nPgBouncer's log:\n" + bouncer.log(), e);
        }
    }
}
