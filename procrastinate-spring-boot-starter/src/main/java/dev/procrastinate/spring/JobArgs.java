package dev.procrastinate.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a parameter of a {@link Task} method: it receives all of the job's arguments as one object (a record or bean
 * whose properties are the argument names, or a {@code Map}), converted by Jackson.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JobArgs {
}
