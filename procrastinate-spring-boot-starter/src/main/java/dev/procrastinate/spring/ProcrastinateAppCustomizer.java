package dev.procrastinate.spring;

import dev.procrastinate.core.App;

/**
 * A bean that adjusts the {@link App} the starter builds, before any worker starts: register lambda tasks, add
 * blueprints, schedule periodic tasks of other processes.
 */
@FunctionalInterface
public interface ProcrastinateAppCustomizer {

    void customize(App app);
}
