package dev.procrastinate.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Defers the {@link Task} method it sits on, on a cron schedule: five fields, or six with seconds last. Every worker
 * of the application runs the schedule and the database keeps one job per tick. The job gets a {@code timestamp}
 * argument (Unix seconds of the tick), which the method may take as a {@code long timestamp} parameter. Repeat the
 * annotation, each with its own {@link #periodicId()}, to schedule one task several ways.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Periodic.List.class)
public @interface Periodic {

    /** The cron expression, e.g. {@code "*&#47;5 * * * *"}; {@code ${…}} placeholders are resolved. */
    String cron();

    /** Tells apart several schedules of one task. */
    String periodicId() default "";

    /** The time zone the expression is read in (e.g. {@code "Europe/Paris"}); default UTC, as upstream. */
    String zone() default "";

    /** Several schedules on one method. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface List {
        Periodic[] value();
    }
}
