package dev.procrastinate.core.task;

/**
 * What deferring by name does with a task the app has not registered (upstream's
 * {@code app.configure_task(name, allow_unknown=…)}).
 */
public enum UnknownTasks {
    /**
     * Defer it with the default options: a web app defers jobs whose code only its workers have. Upstream's default
     * ({@code allow_unknown=True}), and this library's.
     */
    ALLOW,
    /** Refuse it with a {@link dev.procrastinate.api.TaskNotFoundException} naming the registered tasks. */
    REFUSE
}
