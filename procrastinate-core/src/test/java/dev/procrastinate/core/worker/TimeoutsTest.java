package dev.procrastinate.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(START);
    private final RunningJobs running = new RunningJobs();
    private final List<RunningJob> abandoned = new CopyOnWriteArrayList<>();
    private final Timeouts timeouts = new Timeouts(running, clock, GRACE, abandoned::add);

    private RunningJob runOnThisThread() {
        Job job = new Job(1, "default", "t", 0, null, null, "{}", JobStatus.DOING, null, 0, false, 7L);
        RunningJob run = new RunningJob(job, START, 7, System.nanoTime(), () -> { });
        running.started(run);
        run.attach(Thread.currentThread());
        run.running(null, System.nanoTime(), TIMEOUT, START.plus(TIMEOUT));
        return run;
    }

    @Test
    void theDeadlineAndTheGraceAreReadOnTheWorkersClock() {
        RunningJob run = runOnThisThread();
        try {
            clock.advance(TIMEOUT.minusMillis(1));
            timeouts.step();
            assertThat(Thread.interrupted()).as("interrupted before its deadline").isFalse();
            assertThat(run.timedOutAt()).isNull();

            clock.advance(Duration.ofMillis(1));
            timeouts.step();
            assertThat(Thread.interrupted()).as("interrupted at its deadline").isTrue();
            assertThat(run.timedOutAt()).isEqualTo(START.plus(TIMEOUT));

            clock.advance(GRACE.minusMillis(1));
            timeouts.step();
            assertThat(abandoned).isEmpty();
            assertThat(Thread.interrupted()).as("interrupted once").isFalse();

            clock.advance(Duration.ofMillis(1));
            timeouts.step();
            assertThat(abandoned).containsExactly(run);
        } finally {
            run.detach();
            Thread.interrupted();
        }
    }

    @Test
    void aRunWhoseEndIsBeingWrittenIsLeftAlone() {
        RunningJob run = runOnThisThread();
        try {
            run.markEnding();
            clock.advance(TIMEOUT.plus(GRACE).plus(GRACE));
            timeouts.step();
            timeouts.step();

            assertThat(Thread.interrupted()).isFalse();
            assertThat(abandoned).isEmpty();
        } finally {
            run.detach();
        }
    }
}
