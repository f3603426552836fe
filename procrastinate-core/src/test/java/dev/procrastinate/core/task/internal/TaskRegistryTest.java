package dev.procrastinate.core.task.internal;

import dev.procrastinate.core.task.TaskDefinition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.TaskNotFoundException;
import dev.procrastinate.api.TaskOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

    private final TaskRegistry registry = new TaskRegistry();

    @Test
    void registeringOneNameTwiceIsAnError() {
        registry.register(new TaskDefinition("a", TaskOptions.defaults(), ctx -> { }));

        assertThatThrownBy(() -> registry.register(new TaskDefinition("a", TaskOptions.defaults(), ctx -> { })))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'a'");
    }

    @Test
    void taskIsFoundByAlias() {
        TaskOptions options = TaskOptions.builder().aliases(List.of("old.name")).build();
        registry.register(new TaskDefinition("new.name", options, ctx -> { }));

        assertThat(registry.find("old.name")).map(TaskDefinition::name).contains("new.name");
    }

    @Test
    void unknownTaskErrorListsTheRegisteredNames() {
        registry.register(new TaskDefinition("b", TaskOptions.defaults(), ctx -> { }));
        registry.register(new TaskDefinition("a", TaskOptions.defaults(), ctx -> { }));

        assertThatThrownBy(() -> registry.get("x"))
                .isInstanceOf(TaskNotFoundException.class).hasMessage("task 'x' not found; registered: [a, b]");
    }
}
