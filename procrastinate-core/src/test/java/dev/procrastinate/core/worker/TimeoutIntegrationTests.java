package dev.procrastinate.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.procrastinate.api.JobFailure;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobTimeoutException;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.core.retry.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutIntegrationTests extends WorkerOnDatabase {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseStubbornRuns() {
        release.countDown();
    }

    @Test
    void aRunPastItsTimeoutIsInterruptedAndRetriedByItsStrategyWithTheReasonRecorded() {
        AtomicInteger runs = new AtomicInteger();
        app.task("slow", TaskOptions.builder().timeout(Duration.ofMillis(300)).retry(Retry.times(1)).build(), ctx -> {
            if (runs.incrementAndGet() == 1) {
                Thread.sleep(DEADLINE.toMillis());
            }
        });
        long id = app.configureTask("slow").defer(Map.of());
        start(TestApps.workerOptions().build());

        await().atMost(DEADLINE).until(() -> status(id) == JobStatus.SUCCEEDED);
        assertThat(runs).hasValue(2);
        assertThat(job(id).attempts()).isEqualTo(2);
        List<JobFailure> failures = app.jobManager().listFailures(id);
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure.attempt()).isEqualTo(1);
            assertThat(failure.exceptionClass()).isEqualTo(JobTimeoutException.class.getName());
            assertThat(failure.message()).isEqualTo("timed out after PT0.3S");
            assertThat(failure.stackTrace()).contains("InterruptedException");
        });
        assertThat(worker.stuckRuns()).isZero();
    }

    @Test
    void theWorkersDefaultTimeoutFailsARunOfATaskWithoutItsOwnAndDoesNotAbortIt() {
        app.task("slow", ctx -> Thread.sleep(DEADLINE.toMillis()));
        app.task("quick", TaskOptions.builder().timeout(DEADLINE).build(), ctx -> Thread.sleep(500));
        long slow = app.configureTask("slow").defer(Map.of());
        long quick = app.configureTask("quick").defer(Map.of());
        start(TestApps.workerOptions().concurrency(2).defaultTimeout(Duration.ofMillis(200)).build());

        await().atMost(DEADLINE).until(() -> status(slow) == JobStatus.FAILED && status(quick) == JobStatus.SUCCEEDED);
        assertThat(app.jobManager().listFailures(slow)).singleElement()
                .satisfies(failure -> assertThat(failure.message()).isEqualTo("timed out after PT0.2S"));
    }

    @Test
    void aRunThatIgnoresTheInterruptFreesItsSlotIsCountedAndFailsWithoutRetryWhileItsThreadMayStillRun()
            throws Exception {
        CountDownLatch returned = new CountDownLatch(1);
        app.task("stubborn", TaskOptions.builder().timeout(Duration.ofMillis(200)).retry(Retry.times(3)).build(),
                ctx -> {
            try {
                ignoreInterruptsUntilReleased();
            } finally {
                returned.countDown();
            }
        });
        app.task("next", ctx -> { });
        long stubborn = app.configureTask("stubborn").defer(Map.of());
        try (WorkerLog log = new WorkerLog(Level.INFO)) {
            start(TestApps.workerOptions().concurrency(1).timeoutGrace(Duration.ofMillis(300)).build());
            await().atMost(DEADLINE).until(() -> status(stubborn) == JobStatus.FAILED);
            long next = app.configureTask("next").defer(Map.of());

            await().atMost(DEADLINE).until(() -> status(next) == JobStatus.SUCCEEDED);
            assertThat(returned.getCount()).as("the stubborn run still holds its thread").isEqualTo(1);
            assertThat(worker.stuckRuns()).isEqualTo(1);
            assertThat(log.withAction("job_stuck")).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getThrowableProxy().getStackTraceElementProxyArray()).anySatisfy(frame ->
                        assertThat(frame.getSTEAsString()).contains("ignoreInterruptsUntilReleased"));
            });
            assertThat(app.jobManager().listFailures(stubborn)).singleElement().satisfies(failure -> {
                assertThat(failure.exceptionClass()).isEqualTo(JobTimeoutException.class.getName());
                assertThat(failure.stackTrace()).contains("ignoreInterruptsUntilReleased");
            });

            release.countDown();
            assertThat(returned.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            await().atMost(DEADLINE).until(() -> !log.withAction("abandoned_job_returned").isEmpty());
        }
        assertThat(status(stubborn)).isEqualTo(JobStatus.FAILED);
        assertThat(app.jobManager().listFailures(stubborn)).hasSize(1);
    }

    /** A task that ignores its interrupt: it goes on until the test releases it. */
    private void ignoreInterruptsUntilReleased() {
        while (true) {
            try {
                if (release.await(50, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException ignored) {
                // Ignoring the interrupt is what this task is for.
            }
        }
    }
}
