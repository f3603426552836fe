package dev.procrastinate.core.control;

import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SqlQueueControlIntegrationTests extends QueueControlContract {

    private App app;

    @BeforeEach
    void setUp(TestDatabase database) {
        app = TestApps.withSchema(database);
        jobs = app.jobManager();
        worker = jobs.registerWorker();
    }

    @AfterEach
    void tearDown() {
        app.close();
    }
}
