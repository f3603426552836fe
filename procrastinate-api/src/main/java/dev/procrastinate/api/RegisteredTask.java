package dev.procrastinate.api;

import java.util.Objects;

/**
 * The task a job runs, as its app registered it: upstream's {@code context.task}. {@code name} is the task's own
 * name (a job deferred through an alias runs the task registered under its name). Immutable.
 *
 * @param name the registered name; never null
 * @param options the options it was registered with; never null
 * @param task the code; never null
 */
public record RegisteredTask(String name, TaskOptions options, Task task) {

    /** @throws NullPointerException when an argument is null */
    public RegisteredTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(task, "task");
    }
}
