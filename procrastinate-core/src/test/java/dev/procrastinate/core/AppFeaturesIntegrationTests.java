package dev.procrastinate.core;

import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AppFeaturesContract} on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class AppFeaturesIntegrationTests extends AppFeaturesContract {

    private TestDatabase database;

    @BeforeEach
    void setUp(TestDatabase value) {
        database = value;
    }

    @Override
    protected App build(UnaryOperator<App.Builder> configure) {
        App app = configure.apply(App.builder().connector(JdbcConnector.create(database.connectorOptions())))
                .build();
        app.schema().apply();
        return app;
    }
}
