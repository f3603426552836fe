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
        workerId = app.workerStore().registerWorker();
        doing = app.workerStore().fetchJob(List.of("slow"), workerId).orElseThrow().id();
        if (doing != slow || app.jobManager().getJob(failed).orElseThrow().status() != JobStatus.FAILED) {
            throw new IllegalStateException("sample queue not in the expected state");
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
