package dev.procrastinate.api;

import java.util.Collection;
import java.util.List;

/** No task is registered under a job's task name. The message lists the names that are registered. */
public class TaskNotFoundException extends ProcrastinateNonTransientException {

    private final String taskName;

    /**
     * About {@code taskName} (may be null); the message lists {@code registered} sorted.
     *
     * @throws NullPointerException when {@code registered} is null
     */
    public TaskNotFoundException(String taskName, Collection<String> registered) {
        super("task '" + taskName + "' not found; registered: " + List.copyOf(registered).stream().sorted().toList());
        this.taskName = taskName;
    }

    /** The unknown name, as given. */
    public String taskName() {
        return taskName;
    }
}
