package dev.procrastinate.core.worker;

import dev.procrastinate.api.JobContext;
import dev.procrastinate.api.Task;

/**
 * Code around every job run: timing, tracing, a transaction, a tenant context. Call {@code next.run(context)} to
 * run the job (or the next middleware); throwing fails the job as the task throwing would. Middlewares given to
 * {@link WorkerOptions.Builder#middleware} run in order, the first one outermost.
 */
@FunctionalInterface
public interface JobMiddleware {

    void around(JobContext context, Task next) throws Exception;

    /** The task wrapped in these middlewares, the first one outermost. */
    static Task chain(java.util.List<JobMiddleware> middlewares, Task task) {
        Task chained = task;
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            JobMiddleware middleware = middlewares.get(i);
            Task next = chained;
            chained = context -> middleware.around(context, next);
        }
        return chained;
    }
}
