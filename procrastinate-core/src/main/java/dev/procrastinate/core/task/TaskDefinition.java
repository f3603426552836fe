package dev.procrastinate.core.task;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.JobMiddleware;
import dev.procrastinate.api.Task;
import dev.procrastinate.api.TaskOptions;
import java.util.List;
import java.util.Objects;

/**
 * A task registered under a name, with its options and its own middlewares (run inside the worker's, the first one
 * outermost).
 */
public record TaskDefinition(String name, TaskOptions options, Task task, List<JobMiddleware> middleware) {

    /** A task without middleware of its own. */
    public TaskDefinition(String name, TaskOptions options, Task task) {
        this(name, options, task, List.of());
    }

    public TaskDefinition {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(task, "task");
        middleware = List.copyOf(Objects.requireNonNull(middleware, "middleware"));
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new ConfigurationException("task name must have 1 to 128 characters, was '" + name + "'");
        }
    }

    public TaskDefinition withName(String newName) {
        return new TaskDefinition(newName, options, task, middleware);
    }

    /** This task with these middlewares of its own, run inside the worker's, the first one outermost. */
    public TaskDefinition withMiddleware(JobMiddleware... value) {
        return new TaskDefinition(name, options, task, List.of(value));
    }
}
