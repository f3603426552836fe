package dev.procrastinate.core.task.internal;

import dev.procrastinate.core.task.TaskDefinition;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.TaskNotFoundException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks of an app by name and alias. Registering a name or alias twice is an error. Thread-safe. */
public final class TaskRegistry {

    private final Map<String, TaskDefinition> byName = new ConcurrentHashMap<>();
    private final Map<String, TaskDefinition> byAlias = new ConcurrentHashMap<>();

    public synchronized void register(TaskDefinition definition) {
        checkFree(definition.name());
        definition.options().aliases().forEach(this::checkFree);
        byName.put(definition.name(), definition);
        definition.options().aliases().forEach(alias -> byAlias.put(alias, definition));
    }

    private void checkFree(String name) {
        if (byName.containsKey(name) || byAlias.containsKey(name)) {
            throw new ConfigurationException("a task named '" + name + "' is already registered");
        }
    }

    /**
     * Makes {@code alias} another name of the task registered as {@code taskName} (upstream's
     * {@code add_task_alias}): jobs deferred or stored under the alias run that task.
     *
     * @throws dev.procrastinate.api.TaskNotFoundException when no task is registered as {@code taskName}
     * @throws ConfigurationException when {@code alias} is already a task's name or alias
     */
    public synchronized void addAlias(String alias, String taskName) {
        TaskDefinition definition = byName.get(taskName);
        if (definition == null) {
            throw new TaskNotFoundException(taskName, names());
        }
        checkFree(alias);
        byAlias.put(alias, definition);
    }

    /** The task registered under this name or alias. */
    public Optional<TaskDefinition> find(String name) {
        TaskDefinition definition = byName.get(name);
        return Optional.ofNullable(definition != null ? definition : byAlias.get(name));
    }

    public TaskDefinition get(String name) {
        return find(name).orElseThrow(() -> new TaskNotFoundException(name, names()));
    }

    /** Registered names, aliases not included, sorted. */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    public Collection<TaskDefinition> all() {
        return List.copyOf(byName.values());
    }
}
