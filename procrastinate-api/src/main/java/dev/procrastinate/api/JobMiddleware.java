package dev.procrastinate.api;

import java.util.List;

/**
 * Code around a job run: timing, tracing, a transaction, a tenant context. Call {@code next.run(context)} to run the
 * job (or the next middleware); throwing fails the job as the task throwing would. A worker's middlewares (its
 * options) wrap a task's own (given when the task is registered); within each list the first one is outermost.
 * Called on the job's thread; an implementation shared by several workers or tasks must be thread-safe.
 */
@FunctionalInterface
public interface JobMiddleware {

    /**
     * Runs around the job; {@code context} and {@code next} are never null.
     *
     * @throws Exception anything: the run then fails (and may be retried) as if the task had thrown it
     */
    void around(JobContext context, Task next) throws Exception;

    /** The task wrapped in these middlewares, the first one outermost; never null. */
    static Task chain(List<JobMiddleware> middlewares, Task task) {
        Task chained = task;
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            JobMiddleware middleware = middlewares.get(i);
            Task next = chained;
            chained = context -> middleware.around(context, next);
        }
        return chained;
    }
}
