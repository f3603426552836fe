package dev.procrastinate.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobEventType;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.Snooze;
import dev.procrastinate.core.TestApps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SnoozeIntegrationTests extends WorkerOnDatabase {

    private static final Duration DELAY = Duration.ofSeconds(1);

    @Test
    void aSnoozedJobRunsAgainAfterTheDelayWithItsAttemptsUnchangedAndNoFailureRecorded() {
        List<Instant> runs = new CopyOnWriteArrayList<>();
        List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();
        List<JobListener.JobOutcome> outcomes = new CopyOnWriteArrayList<>();
        app.task("patient", ctx -> {
            runs.add(Instant.now());
            attemptsSeen.add(ctx.job().attempts());
            if (runs.size() < 3) {
                throw new Snooze(DELAY);
            }
        });
        long id = app.configureTask("patient").defer(Map.of());
        JobListener listener = new JobListener() {
            @Override
            public void jobEnded(Job job, JobOutcome outcome, Duration duration, Throwable error) {
                outcomes.add(outcome);
            }
        };
        start(TestApps.workerOptions().fetchJobPollingInterval(Duration.ofMillis(100)).listeners(listener).build());

        await().atMost(DEADLINE).until(() -> runs.size() == 1 && job(id).status() == JobStatus.TODO);
        Job snoozed = job(id);
        assertThat(snoozed.attempts()).isZero();
        assertThat(snoozed.scheduledAt()).isAfterOrEqualTo(runs.get(0).plus(DELAY).minusMillis(50));

        await().atMost(DEADLINE).until(() -> job(id).status() == JobStatus.SUCCEEDED);
        assertThat(runs).hasSize(3);
        assertThat(Duration.between(runs.get(0), runs.get(1))).isGreaterThanOrEqualTo(DELAY.minusMillis(50));
        assertThat(Duration.between(runs.get(1), runs.get(2))).isGreaterThanOrEqualTo(DELAY.minusMillis(50));
        assertThat(attemptsSeen).containsExactly(0, 0, 0);
        assertThat(job(id).attempts()).isEqualTo(1);
        assertThat(app.jobManager().listFailures(id)).isEmpty();
        assertThat(app.jobManager().listEvents(id)).extracting(JobEvent::type)
                .contains(JobEventType.DEFERRED_FOR_RETRY);
        assertThat(outcomes).containsExactly(JobListener.JobOutcome.SNOOZED, JobListener.JobOutcome.SNOOZED,
                JobListener.JobOutcome.SUCCEEDED);
    }
}
