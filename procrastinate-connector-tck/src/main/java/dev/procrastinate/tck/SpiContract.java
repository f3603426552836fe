package dev.procrastinate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorProvider;
import dev.procrastinate.api.Connectors;
import dev.procrastinate.api.DatabaseException;
import dev.procrastinate.api.ProcrastinateNonTransientException;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.SchemaException;
import dev.procrastinate.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The SPI contract of {@link Connector}: SQL, parameter and result types, errors, async, concurrency, close. */
public interface SpiContract extends ConnectorFixture {

    @Test
    default void exactlyOneProviderWithTheConnectorsNameIsDiscoverable() {
        List<ConnectorProvider> named = Connectors.providers().stream()
                .filter(provider -> provider.name().equals(providerName())).toList();

        assertThat(named).hasSize(1);
    }

    @Test
    default void everyParameterTypeIsBoundAndRepeatedPlaceholdersReuseTheirValue(TestDatabase database) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (Connector connector = createConnector(database)) {
            Row row = connector.query("SELECT $1::text AS s, $2::int AS i, $3::bigint AS l, $4::boolean AS b, "
                    + "$5::float8 AS d, $6::timestamptz AS t, array_to_string($7::text[], ',', '~') AS sa, "
                    + "array_to_string($8::bigint[], ',') AS la, array_to_string($9::int[], ',') AS ia, "
                    + "$1::text || '!' AS again, $10::text AS nothing",
                    "it's é", 42, 1L << 40, true, 2.5, now, new String[] {"a", null}, new Long[] {1L, 2L},
                    new Integer[] {3, 4}, null).get(0);

            assertThat(row.get("s")).isEqualTo("it's é");
            assertThat(row.get("i")).isEqualTo(42);
            assertThat(row.get("l")).isEqualTo(1L << 40);
            assertThat(row.get("b")).isEqualTo(true);
            assertThat(row.get("d")).isEqualTo(2.5);
            assertThat(row.get("t")).isEqualTo(now);
            assertThat(row.get("sa")).isEqualTo("a,~");
            assertThat(row.get("la")).isEqualTo("1,2");
            assertThat(row.get("ia")).isEqualTo("3,4");
            assertThat(row.get("again")).isEqualTo("it's é!");
            assertThat(row.get("nothing")).isNull();
        }
    }

    @Test
    default void resultsAreNormalisedToTheSpiTypes(TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            connector.executeScript("CREATE TYPE mood AS ENUM ('happy', 'sad')");
            Row row = connector.query("SELECT 1::int2 AS small, 2::int4 AS int, 3::int8 AS big, true AS bool, "
                    + "1.5::float8 AS dbl, '2026-01-02T03:04:05Z'::timestamptz AS ts, 'x'::varchar AS text, "
                    + "'happy'::mood AS enum, '{\"k\": [1, \"v\"]}'::jsonb AS json, NULL::int8 AS empty").get(0);

            assertThat(row.get("small")).isEqualTo(1);
            assertThat(row.get("int")).isEqualTo(2);
            assertThat(row.get("big")).isEqualTo(3L);
            assertThat(row.get("bool")).isEqualTo(true);
            assertThat(row.get("dbl")).isEqualTo(1.5);
            assertThat(row.get("ts")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
            assertThat(row.get("text")).isEqualTo("x");
            assertThat(row.get("enum")).isEqualTo("happy");
            assertThat(row.getString("json").replace(" ", "")).isEqualTo("{\"k\":[1,\"v\"]}");
            assertThat(row.get("empty")).isNull();
            assertThat(row.columns()).containsExactly("small", "int", "big", "bool", "dbl", "ts", "text", "enum",
                    "json", "empty");
        }
    }

    @Test
    default void executeReturnsTheNumberOfChangedRows(TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            connector.executeScript("CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2), (3)");

            assertThat(connector.execute("UPDATE t SET id = id + $1 WHERE id > $2", 10, 1)).isEqualTo(2);
        }
    }

    @Test
    default void aFailingScriptLeavesNothingBehind(TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            assertThatThrownBy(() -> connector.executeScript("CREATE TABLE kept (id int); SELEC broken"))
                    .isInstanceOf(DatabaseException.class);

            assertThat(connector.query("SELECT to_regclass('kept') IS NULL AS absent").get(0).getBoolean("absent"))
                    .isTrue();
        }
    }

    @Test
    default void badSqlIsADatabaseExceptionCarryingItsSqlState(TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            assertThatThrownBy(() -> connector.query("SELEC 1"))
                    .isInstanceOf(DatabaseException.class)
                    .satisfies(error -> assertThat(((DatabaseException) error).sqlState()).isEqualTo("42601"))
                    .satisfies(error -> assertThat(((DatabaseException) error).isTransient()).isFalse());
        }
    }

    @Test
    default void aMissingSchemaIsASchemaExceptionSayingHowToApplyIt(TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            assertThatThrownBy(() -> connector.query("SELECT * FROM procrastinate_fetch_job_v2(NULL, 1)"))
                    .isInstanceOf(SchemaException.class).hasMessageContaining("schema --apply");
        }
    }

    @Test
    default void asyncCallsCompleteWithTheSameResultsAndFailures(TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            AtomicReference<Thread> completedOn = new AtomicReference<>();
            List<Row> rows = connector.queryAsync("SELECT $1::int + 1 AS n", 41)
                    .whenComplete((result, error) -> completedOn.set(Thread.currentThread()))
                    .toCompletableFuture().join();

            assertThat(rows.get(0).getInteger("n")).isEqualTo(42);
            if (asyncRunsOffTheCallerThread()) {
                assertThat(completedOn.get()).isNotSameAs(Thread.currentThread());
            }
            assertThat(connector.executeAsync("SELECT 1").toCompletableFuture().join()).isZero();
            assertThatThrownBy(() -> connector.queryAsync("SELEC 1").toCompletableFuture().join())
                    .hasCauseInstanceOf(DatabaseException.class);
        }
    }

    @Test
    default void manyThreadsShareOneConnector(TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            List<CompletableFuture<Long>> sums = IntStream.range(0, 16)
                    .mapToObj(thread -> CompletableFuture.supplyAsync(() -> IntStream.range(0, 50)
                            .mapToLong(i -> connector.query("SELECT $1::bigint AS v", (long) i).get(0).getLong("v"))
                            .sum()))
                    .toList();

            assertThat(sums).allSatisfy(sum -> assertThat(sum.join()).isEqualTo(1225L));
        }
    }

    @Test
    default void closeIsIdempotentAndLaterCallsFailClearly(TestDatabase database) {
        Connector connector = createConnector(database);
        connector.query("SELECT 1");
        connector.close();
        connector.close();

        assertThatThrownBy(() -> connector.query("SELECT 1"))
                .isInstanceOf(ProcrastinateNonTransientException.class).hasMessageContaining("closed");
    }
}
