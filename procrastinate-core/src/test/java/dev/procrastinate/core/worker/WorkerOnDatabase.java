package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Worker tests on a fresh database: an app with the schema, and the worker a test started, stopped hard after it. */
@ExtendWith(PostgresExtension.class)
abstract class WorkerOnDatabase {

    static final Duration DEADLINE = Duration.ofSeconds(20);

    App app;
    Worker worker;

    @BeforeEach
    void createApp(TestDatabase database) {
        app = TestApps.withSchema(database);
    }

    @AfterEach
    void stopWorkerAndCloseApp() {
        if (worker != null) {
            worker.stop();
            worker.stop();
            worker.close();
        }
        app.close();
    }

    void start(WorkerOptions options) {
        worker = app.worker(options).start();
    }

    /** The job's status, or null once it is deleted. */
    JobStatus status(long id) {
        return app.jobManager().getJob(id).map(Job::status).orElse(null);
    }

    Job job(long id) {
        return app.jobManager().getJob(id).orElseThrow();
    }
}
