package dev.procrastinate.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as a procrastinate task. The worker calls it with the job's JSON arguments bound to
 * its parameters by name (Jackson converts each to the parameter's type; compile with {@code -parameters}, as Spring
 * Boot's build plugins do); a parameter of type {@code JobContext} or {@code Job} receives the running job, and one
 * annotated {@link JobArgs} receives all arguments as one object. Returning succeeds the job, throwing fails or
 * retries it. The method runs through the bean's proxy, so {@code @Transactional} on it works.
 *
 * <pre>{@code
 * @Task(name = "send_confirmation", queue = "emails", retry = 3, retryWait = "10s")
 * public void sendConfirmation(long orderId, JobContext context) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Task {

    /**
     * The task name, the one deferrers use. Default: the declaring class's name, a dot and the method's name
     * (upstream's dotted path).
     */
    String name() default "";

    /** Other names jobs may carry for this task (after a rename, say). */
    String[] aliases() default {};

    String queue() default "default";

    /** Higher runs first; may be negative. */
    int priority() default 0;

    /** Default lock of deferred jobs: at most one job with the same lock runs at a time. */
    String lock() default "";

    /** Default queueing lock: at most one job with it waits at a time. */
    String queueingLock() default "";

    /** How many times a failed job is retried: 0 (default) never, -1 forever; {@code retry = 5} means 6 runs. */
    int retry() default 0;

    /** Fixed wait before each retry, as a duration ({@code "10s"}, {@code "PT1M"}); empty means none. */
    String retryWait() default "";

    /** Added to the wait once per earlier attempt ({@code linear_wait}). */
    String retryLinearWait() default "";

    /** Base of an exponential wait ({@code exponential_wait}): {@code base^(attempts+1)} seconds. */
    String retryExponentialWait() default "";

    /** Retry only when the error is one of these types; empty means any error. */
    Class<? extends Throwable>[] retryOn() default {};

    /**
     * The name of a {@code RetryStrategy} bean to decide retries instead of the attributes above (to change
     * priority, queue or lock on retry, say).
     */
    String retryStrategy() default "";

    /**
     * How many times a job is run again after its worker died or was cut off: -1 (default) takes
     * {@code procrastinate.worker.max-recoveries}; 0 for a task that must never run twice (its job then fails).
     */
    int maxRecoveries() default -1;
}
