package dev.procrastinate.dashboard;

import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.WorkerOptions;
import dev.procrastinate.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A queue with jobs in every state, run by a real worker: emails that succeeded, a payment that failed with a
 * {@code <script>} in its task name, arguments and exception message, images waiting (one with a lock and a
 * queueing lock), and one job claimed by a live worker (doing).
 */
final class SampleQueue implements AutoCloseable {

    static final String SCRIPT = "<script>alert('xss')</script>";
    static final String EVIL_TASK = "charge" + SCRIPT;
    static final String FAILURE_MESSAGE = "card declined " + SCRIPT;

    final TestDatabase database;
    final App app;
    final List<Long> emails = new ArrayList<>();
    final long failed;
    final long lockedImage;
    final long image;
    final long doing;
    final long workerId;

    SampleQueue(TestDatabase database) {
        this.database = database;
        this.app = App.create(JdbcConnector.create(database.connectorOptions()));
        app.schema().apply();
        app.task("send_email", TaskOptions.builder().queue("emails").build(), context -> { });
        app.task(EVIL_TASK, TaskOptions.builder().queue("payments").build(), context -> {
            throw new IllegalStateException(FAILURE_MESSAGE);
        });
        for (int i = 0; i < 3; i++) {
            emails.add(app.defer("send_email", Map.of("to", "user" + i + "@example.com")));
        }
        failed = app.defer(EVIL_TASK, Map.of("note", SCRIPT, "amount", 12));
        app.runWorker(WorkerOptions.builder().queues("emails", "payments").waitForJobs(false)
                .installSignalHandlers(false).build());
        image = app.configureTask("resize").queue("images").defer(Map.of("size", 64));
        lockedImage = app.configureTask("resize").queue("images").lock("user-1").queueingLock("q-1").defer(Map.of("size", 128));
        long slow = app.jobManager().defer(new JobToDefer("slow", "crunch", 0, null, null, "{}", null));
        workerId = app.jobManager().registerWorker();
        doing = app.jobManager().fetchJob(List.of("slow"), workerId).orElseThrow().id();
        if (doing != slow || app.jobManager().getJob(failed).orElseThrow().status() != JobStatus.FAILED) {
            throw new IllegalStateException("sample queue not in the expected state");
        }
        keepFailureDetails();
    }

    /**
     * The failure row the worker writes where the failures extension is installed; written here when this branch's
     * worker does not write it yet, with the extension's columns.
     */
    private void keepFailureDetails() {
        database.execute("CREATE TABLE IF NOT EXISTS procrastinate4j_job_failures (id bigserial PRIMARY KEY, "
                + "job_id bigint NOT NULL REFERENCES procrastinate_jobs(id) ON DELETE CASCADE, attempt int NOT NULL, "
                + "worker_id bigint, failed_at timestamptz NOT NULL DEFAULT now(), exception_class text NOT NULL, "
                + "message text, stack_trace text)");
        if (database.queryForLong("SELECT count(*) FROM procrastinate4j_job_failures WHERE job_id = " + failed) == 0) {
            database.execute("INSERT INTO procrastinate4j_job_failures (job_id, attempt, exception_class, message, "
                    + "stack_trace) VALUES (" + failed + ", 1, 'java.lang.IllegalStateException', '"
                    + FAILURE_MESSAGE.replace("'", "''") + "', 'java.lang.IllegalStateException: "
                    + FAILURE_MESSAGE.replace("'", "''") + "\n\tat Sample.charge(Sample.java:1)')");
        }
    }

    JobStatus status(long id) {
        return app.jobManager().getJob(id).orElseThrow().status();
    }

    @Override
    public void close() {
        app.close();
    }
}
