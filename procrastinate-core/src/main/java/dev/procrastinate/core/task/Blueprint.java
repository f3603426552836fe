package dev.procrastinate.core.task;

import dev.procrastinate.api.Task;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.core.periodic.PeriodicTask;
import java.util.ArrayList;
import java.util.List;

/**
 * A group of tasks defined apart from any app (a library's tasks), added to an app under a namespace:
 * {@code app.addBlueprint(blueprint, "billing")} registers {@code billing:charge}. Upstream's {@code Blueprint}.
 */
public final class Blueprint {

    private final List<TaskDefinition> definitions = new ArrayList<>();
    private final List<PeriodicTask> periodic = new ArrayList<>();

    public synchronized Blueprint task(String name, Task task) {
        return task(name, TaskOptions.defaults(), task);
    }

    public synchronized Blueprint task(String name, TaskOptions options, Task task) {
        definitions.add(new TaskDefinition(name, options, task));
        return this;
    }

    public synchronized List<TaskDefinition> definitions() {
        return List.copyOf(definitions);
    }

    /** Registers a task and defers it on a cron schedule once the blueprint is added to an app. */
    public synchronized Blueprint periodic(String cron, String name, Task task) {
        task(name, task);
        return periodic(PeriodicTask.builder(name, cron).build());
    }

    /**
     * Defers a task of this blueprint on a schedule once the blueprint is added to an app, under the namespaced
     * name ({@code periodicTask.taskName()} is the name within the blueprint).
     */
    public synchronized Blueprint periodic(PeriodicTask periodicTask) {
        periodic.add(periodicTask);
        return this;
    }

    /** The schedules declared on this blueprint, with the task names as given to it. */
    public synchronized List<PeriodicTask> periodicTasks() {
        return List.copyOf(periodic);
    }

    /** The definition renamed {@code namespace:name}, with its aliases prefixed the same way. */
    public TaskDefinition namespaced(TaskDefinition definition, String namespace) {
        TaskOptions options = definition.options().toBuilder()
                .aliases(definition.options().aliases().stream().map(alias -> namespace + ":" + alias).toList())
                .build();
        return new TaskDefinition(namespace + ":" + definition.name(), options, definition.task(),
                definition.middleware());
    }
}
