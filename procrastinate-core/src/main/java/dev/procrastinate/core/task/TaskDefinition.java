package dev.procrastinate.core.task;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Task;
import dev.procrastinate.api.TaskOptions;
import java.util.Objects;

/** A task registered under a name, with its options. */
public record TaskDefinition(String name, TaskOptions options, Task task) {

    public TaskDefinition {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(task, "task");
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new ConfigurationException("task name must have 1 to 128 characters, was '" + name + "'");
        }
    }

    public TaskDefinition withName(String newName) {
        return new TaskDefinition(newName, options, task);
    }
}
