package dev.procrastinate.core.worker;

import dev.procrastinate.core.periodic.internal.PeriodicDeferrer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Side loop: defers the app's periodic tasks whose tick is due, every second. */
final class PeriodicDeferring implements SideLoop {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final PeriodicDeferrer deferrer;
    private final OutageLog outage = new OutageLog(LOG, "defer_periodic_jobs");

    PeriodicDeferring(PeriodicDeferrer deferrer) {
        this.deferrer = deferrer;
    }

    @Override
    public String name() {
        return "periodic";
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Duration initialDelay() {
        return Duration.ZERO;
    }

    @Override
    public void step() {
        try {
            deferrer.deferDueTicks();
            outage.succeeded();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }
}
