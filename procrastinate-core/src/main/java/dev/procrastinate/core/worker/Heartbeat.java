package dev.procrastinate.core.worker;

import dev.procrastinate.api.WorkerStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Side loop: the worker's heartbeat. A heartbeat that finds no row means the registration was pruned (it is then
 * registered again); one that goes through after failures wakes the waits that the outage started.
 */
final class Heartbeat implements SideLoop {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final WorkerStore store;
    private final Registration registration;
    private final Duration interval;
    private final Runnable databaseBack;
    private final OutageLog outage = new OutageLog(LOG, "update_heartbeat");
    private volatile boolean down;

    /** {@code databaseBack} runs when a heartbeat goes through after failures. */
    Heartbeat(WorkerStore store, Registration registration, Duration interval, Runnable databaseBack) {
        this.store = store;
        this.registration = registration;
        this.interval = interval;
        this.databaseBack = databaseBack;
    }

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public synchronized void step() {
        Membership membership = registration.membership();
        long id = membership.id();
        if (id == Membership.NONE) {
            return;
        }
        long sent = System.nanoTime();
        boolean registered;
        try {
            registered = store.updateHeartbeat(id);
        } catch (RuntimeException e) {
            membership.heartbeatFailed();
            down = true;
            outage.failed(e);
            return;
        }
        outage.succeeded();
        if (!registered) {
            membership.heartbeatFailed();
            registration.lost(id, "its heartbeat found no row");
            return;
        }
        membership.heartbeatSucceeded(id, sent);
        if (down) {
            down = false;
            databaseBack.run();
        }
    }
}
