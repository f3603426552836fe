package dev.procrastinate.core;

import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.core.worker.WorkerOptions;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;

/** Apps on a fresh test database with the schema applied. */
public final class TestApps {

    private TestApps() {
    }

    public static App withSchema(TestDatabase database) {
        App app = App.create(JdbcConnector.create(database.connectorOptions().toBuilder().maxPoolSize(12).build()));
        app.schema().apply();
        return app;
    }

    /** Worker options for tests: no signal handlers, fast heartbeats. */
    public static WorkerOptions.Builder workerOptions() {
        return WorkerOptions.builder()
                .installSignalHandlers(false)
                .updateHeartbeatInterval(Duration.ofSeconds(1))
                .stalledWorkerTimeout(Duration.ofSeconds(30));
    }
}
