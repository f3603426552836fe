package dev.procrastinate.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.connector.jdbc.JdbcConnector;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.core.worker.Worker;
import dev.procrastinate.testing.RestartablePostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A pause is a row: a restart of PostgreSQL under a running worker neither loses it nor blocks the resume. */
class QueuePauseDatabaseRestartIntegrationTests {

    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void aPausedQueueStaysPausedAcrossADatabaseRestartAndIsClaimedAtOnceAfterResume() {
        List<String> started = new CopyOnWriteArrayList<>();
        try (RestartablePostgres server = RestartablePostgres.create();
                App app = App.create(JdbcConnector.create(server.createDatabase("paused",
                        RestartablePostgres.SUPERUSER).connectorOptions().toBuilder().maxPoolSize(6).build()))) {
            app.schema().apply();
            app.task("work", ctx -> started.add(ctx.job().queueName()));
            app.jobManager().pauseQueue("q");
            app.configureTask("work").queue("q").batchDefer(List.of(Map.of(), Map.of(), Map.of()));
            // a long poll: after the restart only a LISTEN that came back wakes the worker at the resume
            Worker worker = app.worker(TestApps.workerOptions().queues("q", "other").concurrency(2)
                    .fetchJobPollingInterval(Duration.ofSeconds(30)).build()).start();
            await().atMost(LONG).until(worker::isListening);

            server.restart();
            // the worker is back (it claims from the queue that is not paused) and still claims nothing from q
            AtomicInteger others = new AtomicInteger();
            await().atMost(LONG).ignoreExceptions().until(() -> {
                app.configureTask("work").queue("other").defer();
                others.incrementAndGet();
                return started.contains("other");
            });
            await().atMost(LONG).until(() -> worker.isListening() && startedIn("other", started) == others.get());
            // LISTEN is back: a new job of the other queue wakes the worker well before its 30 s poll
            app.configureTask("work").queue("other").defer();
            await().atMost(Duration.ofSeconds(10)).until(() -> startedIn("other", started) == others.get() + 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !started.contains("q"));
            assertThat(app.jobManager().listQueueControls()).singleElement()
                    .satisfies(control -> assertThat(control.paused()).isTrue());

            long resumedAt = System.nanoTime();
            app.jobManager().resumeQueue("q");

            await().atMost(LONG).until(() -> startedIn("q", started) == 3);
            assertThat(Duration.ofNanos(System.nanoTime() - resumedAt)).isLessThan(Duration.ofSeconds(5));
            worker.close();
        }
    }

    private static long startedIn(String queue, List<String> started) {
        return started.stream().filter(queue::equals).count();
    }
}
