package dev.procrastinate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionIntegrationTests {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    private TestDatabase fromBeforeEach;

    @BeforeEach
    void setUp(TestDatabase database) {
        fromBeforeEach = database;
    }

    @RepeatedTest(2)
    void eachTestGetsItsOwnEmptyDatabase(TestDatabase database) {
        assertThat(SEEN.add(database.name())).as("database names are not reused").isTrue();
        assertThat(database.queryForLong(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
        database.execute("CREATE TABLE leftover (id int)");
    }

    @Test
    void lifecycleMethodAndTestShareOneDatabase(TestDatabase database) {
        assertThat(fromBeforeEach.name()).isEqualTo(database.name());
    }

    @Test
    void postgresUrlAndJdbcUrlNameTheSameDatabase(TestDatabase database) {
        DatabaseServer parsed = DatabaseServer.fromUrl(database.postgresUrl());
        assertThat(parsed).isNotNull();
        assertThat(database.jdbcUrl()).endsWith("/" + database.name());
        assertThat(database.connectorOptions().url()).isEqualTo(database.jdbcUrl());
    }
}
