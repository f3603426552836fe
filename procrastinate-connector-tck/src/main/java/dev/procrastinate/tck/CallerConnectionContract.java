package dev.procrastinate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.procrastinate.api.Cancellation;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.RowMapper;
import dev.procrastinate.api.RowView;
import dev.procrastinate.core.App;
import dev.procrastinate.core.job.CallerTransaction;
import dev.procrastinate.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SPI's capabilities with defaults: reading rows with a {@code RowMapper}, and statements on the caller's own
 * connection inside its transaction ({@code Connector.onCallerConnection}), which core's defer and cancel on a
 * caller's connection use.
 */
public interface CallerConnectionContract extends ConnectorFixture {

    String TYPED_ROW = "SELECT 1::int2 AS small, 2::int4 AS int, 3::int8 AS big, true AS bool, 1.5::float8 AS dbl, "
            + "'2026-01-02T03:04:05Z'::timestamptz AS ts, 'x'::varchar AS text, '{\"k\": 1}'::jsonb AS json, "
            + "NULL::int8 AS empty, $1::bigint AS param FROM generate_series(1, 3) AS g(n) ORDER BY n";

    /** Every column through the view's untyped and typed getters, as a Row would give them. */
    private static Map<String, Object> read(RowView row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String column : List.of("small", "int", "big", "bool", "dbl", "ts", "text", "json", "empty", "param")) {
            values.put(column, row.get(column));
        }
        values.put("typed", List.of(row.getInteger("small"), row.getLong("big"), row.getBoolean("bool"),
                row.getInstant("ts"), row.getString("text"), String.valueOf(row.getLong("empty"))));
        return values;
    }

    @Test
    default void readingRowsWithAMapperGivesTheSameValuesAsQuery(TestDatabase database) throws Exception {
        try (Connector connector = createConnector(database)) {
            List<Map<String, Object>> expected = connector.query(TYPED_ROW, 9L).stream()
                    .map(CallerConnectionContract::read).toList();

            assertThat(expected).hasSize(3);
            assertThat(connector.query(TYPED_ROW, CallerConnectionContract::read, 9L)).isEqualTo(expected);
            assertThat(connector.queryAsync(TYPED_ROW, CallerConnectionContract::read, 9L).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)).isEqualTo(expected);
            assertThat(connector.query("SELECT 1 AS one WHERE false", row -> row.get("one"))).isEmpty();
        }
    }

    @Test
    default void aMapperAskingForAColumnTheRowLacksFailsNamingIt(TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            assertThatThrownBy(() -> connector.query("SELECT 1 AS one", row -> row.get("two")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two");
        }
    }

    @Test
    default void aNullMapperIsRefusedSayingHowToPassOneNullParameter(TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            assertThatThrownBy(() -> connector.query("SELECT $1::text AS t", (RowMapper<Object>) null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(Object) null");
            assertThat(connector.query("SELECT $1::text AS t", (Object) null).get(0).get("t")).isNull();
        }
    }

    @Test
    default void statementsOnTheCallersConnectionAreRolledBackWithItsTransaction(TestDatabase database) {
        try (Connector connector = createConnector(database)) {
            connector.executeScript("CREATE TABLE caller_rows (n int)");
            try (CallerTransactionHandle transaction = begin(database)) {
                var statements = connector.onCallerConnection(transaction.connection());
                assertThat(statements.execute("INSERT INTO caller_rows VALUES ($1), ($1 + 1)", 1)).isEqualTo(2);
                assertThat(statements.query("SELECT count(*) AS n FROM caller_rows").get(0).getLong("n"))
                        .isEqualTo(2L);
                assertThat(connector.query("SELECT count(*) AS n FROM caller_rows").get(0).getLong("n"))
                        .isZero();
                transaction.rollback();
            }
            assertThat(connector.query("SELECT count(*) AS n FROM caller_rows").get(0).getLong("n")).isZero();
        }
    }

    @Test
    default void aDeferOnTheCallersConnectionIsRolledBackWithItsTransactionAndVisibleAfterItsCommit(
            TestDatabase database) throws Exception {
        try (App app = App.create(createConnector(database))) {
            app.schema().apply();
            long rolledBack;
            try (CallerTransactionHandle transaction = begin(database)) {
                rolledBack = app.configureTask("t").deferOn(transaction.connection(), Map.of("n", 1));
                assertThat(app.jobManager().getJob(rolledBack)).isEmpty();
                transaction.rollback();
            }
            List<Long> committed;
            long async;
            try (CallerTransactionHandle transaction = begin(database)) {
                committed = app.configureTask("t").batchDeferOn(transaction.connection(),
                        List.of(Map.of("n", 2), Map.of("n", 3)));
                async = app.configureTask("t").deferOnAsync(transaction.connection(), Map.of("n", 4))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(app.jobManager().getJob(committed.get(0))).isEmpty();
                transaction.commit();
            }

            assertThat(app.jobManager().getJob(rolledBack)).isEmpty();
            assertThat(committed).hasSize(2);
            for (long id : List.of(committed.get(0), committed.get(1), async)) {
                assertThat(app.jobManager().getJob(id)).map(job -> job.status()).contains(JobStatus.TODO);
            }
        }
    }

    @Test
    default void aCancelOnTheCallersConnectionIsRolledBackWithItsTransactionAndVisibleAfterItsCommit(
            TestDatabase database) {
        try (App app = App.create(createConnector(database))) {
            app.schema().apply();
            long id = app.configureTask("t").defer(Map.of());
            try (CallerTransactionHandle transaction = begin(database)) {
                assertThat(CallerTransaction.of(app.connector(), transaction.connection())
                        .cancelJob(id, Cancellation.cancel())).isTrue();
                transaction.rollback();
            }
            assertThat(app.jobManager().getJob(id)).map(job -> job.status()).contains(JobStatus.TODO);

            try (CallerTransactionHandle transaction = begin(database)) {
                assertThat(CallerTransaction.of(app.connector(), transaction.connection())
                        .cancelJob(id, Cancellation.cancel())).isTrue();
                assertThat(app.jobManager().getJob(id)).map(job -> job.status()).contains(JobStatus.TODO);
                transaction.commit();
            }
            assertThat(app.jobManager().getJob(id)).map(job -> job.status()).contains(JobStatus.CANCELLED);
        }
    }

    @Test
    default void aConnectionOfAnotherKindIsRefusedNamingTheKindExpected(TestDatabase database) {
        Object expected;
        try (CallerTransactionHandle transaction = begin(database)) {
            expected = transaction.connection();
        }
        try (Connector connector = createConnector(database)) {
            assertThatThrownBy(() -> connector.onCallerConnection("not a connection"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("java.lang.String")
                    .satisfies(e -> assertThat(supertypes(expected.getClass())).anySatisfy(type ->
                            assertThat(e.getMessage()).contains(type.getName())));
        }
    }

    /** The interfaces a class implements, directly or through its superclasses and superinterfaces. */
    private static Set<Class<?>> supertypes(Class<?> type) {
        Set<Class<?>> all = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> implemented : c.getInterfaces()) {
                all.add(implemented);
                all.addAll(supertypes(implemented));
            }
        }
        return all;
    }

    private CallerTransactionHandle begin(TestDatabase database) {
        Optional<CallerTransactionHandle> transaction = beginCallerTransaction(database);
        assumeTrue(transaction.isPresent(), providerName() + " offers no caller connection to the kit");
        return transaction.get();
    }
}
