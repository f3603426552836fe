package dev.procrastinate.core.control;

import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.core.job.SqlJobManager;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SqlQueueControlIntegrationTests extends QueueControlContract<SqlJobManager> {

    @BeforeEach
    void onPostgres(TestDatabase database) {
        App app = TestApps.withSchema(database);
        use(new SqlJobManager(app.connector()), app);
    }
}
