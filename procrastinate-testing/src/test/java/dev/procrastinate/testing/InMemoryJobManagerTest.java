package dev.procrastinate.testing;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;

class InMemoryJobManagerTest extends JobManagerContract<InMemoryJobManager> {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private InMemoryJobManager memory;

    @BeforeEach
    void setUp() {
        memory = new InMemoryJobManager(clock);
        jobs = memory;
        worker = jobs.registerWorker();
    }

    @Override
    protected void ageHeartbeat(long workerId) {
        memory.setHeartbeat(workerId, clock.instant().minus(Duration.ofHours(1)));
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected void ageEvents(long jobId, Duration age) {
        memory.backdateEvents(jobId, age);
    }
}
