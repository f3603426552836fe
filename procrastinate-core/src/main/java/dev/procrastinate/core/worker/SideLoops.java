package dev.procrastinate.core.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs each side loop on its own daemon thread, so that a slow one (a reaper waiting on the database) holds none. */
final class SideLoops {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final List<ScheduledExecutorService> threads = new ArrayList<>();

    static SideLoops start(String prefix, List<SideLoop> loops) {
        SideLoops started = new SideLoops();
        for (SideLoop loop : loops) {
            ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread named = new Thread(runnable, prefix + loop.name());
                named.setDaemon(true);
                return named;
            });
            thread.scheduleWithFixedDelay(() -> step(loop), loop.initialDelay().toMillis(),
                    loop.interval().toMillis(), TimeUnit.MILLISECONDS);
            started.threads.add(thread);
        }
        return started;
    }

    private static void step(SideLoop loop) {
        try {
            loop.step();
        } catch (RuntimeException e) {
            // A step that throws would end its schedule: log it and keep the loop.
            LOG.warn("side loop {} failed: {}", loop.name(), e.toString(), e);
        }
    }

    void stop() {
        threads.forEach(ScheduledExecutorService::shutdownNow);
    }
}
