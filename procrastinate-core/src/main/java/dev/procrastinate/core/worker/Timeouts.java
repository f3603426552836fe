package dev.procrastinate.core.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Side loop: the runs' timeouts, read on the worker's clock. A run past its deadline has its thread interrupted (it
 * then fails with a {@code JobTimeoutException}, retried when its task's strategy says so); a run still going
 * {@code grace} after that interrupt is handed to {@code abandon}, which writes its end and frees its slot.
 */
final class Timeouts implements SideLoop {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration STEP = Duration.ofMillis(100);

    private final RunningJobs running;
    private final Clock clock;
    private final Duration grace;
    private final Consumer<RunningJob> abandon;

    Timeouts(RunningJobs running, Clock clock, Duration grace, Consumer<RunningJob> abandon) {
        this.running = running;
        this.clock = clock;
        this.grace = grace;
        this.abandon = abandon;
    }

    @Override
    public String name() {
        return "timeouts";
    }

    @Override
    public Duration interval() {
        return STEP;
    }

    @Override
    public void step() {
        Instant now = clock.instant();
        for (RunningJob run : running.all()) {
            Instant deadline = run.deadline();
            if (deadline == null || run.ending() || now.isBefore(deadline)) {
                continue;
            }
            if (run.timeOut(now)) {
                LOG.atWarn().addKeyValue("action", "job_timeout").addKeyValue("job_id", run.job.id())
                        .log("job {} of task '{}' ran longer than its timeout {}: interrupting it", run.job.id(),
                                run.job.taskName(), run.timeout());
            } else if (!now.isBefore(run.timedOutAt().plus(grace))) {
                abandon.accept(run);
            }
        }
    }
}
