package dev.procrastinate.spring;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobContext;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.core.json.JsonCodec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.ReflectionUtils;

/**
 * A {@link Task}-annotated bean method as a procrastinate task: each parameter is bound from the running job when the
 * method is called. Binding is planned once, when the method is registered, so that a method that cannot be bound
 * fails the application's start-up rather than its jobs.
 */
final class TaskMethod implements dev.procrastinate.api.Task {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    @FunctionalInterface
    private interface Binder {
        Object bind(JobContext context);
    }

    private final Object bean;
    private final Method method;
    private final String taskName;
    private final List<Binder> binders;

    TaskMethod(Object bean, Method invocable, Method declared, String taskName, JsonCodec json) {
        this.bean = bean;
        this.method = invocable;
        this.taskName = taskName;
        ReflectionUtils.makeAccessible(invocable);
        String[] names = NAMES.getParameterNames(declared);
        List<Binder> plan = new ArrayList<>();
        Parameter[] parameters = declared.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            plan.add(binder(parameters[i], names == null ? null : names[i], json, declared));
        }
        this.binders = List.copyOf(plan);
    }

    private Binder binder(Parameter parameter, String name, JsonCodec json, Method declared) {
        Class<?> type = parameter.getType();
        if (type == JobContext.class) {
            return context -> context;
        }
        if (type == Job.class) {
            return JobContext::job;
        }
        if (parameter.isAnnotationPresent(JobArgs.class)) {
            Type argsType = parameter.getParameterizedType();
            return context -> convert(json, context.args(), argsType, "its arguments", context);
        }
        if (name == null) {
            throw new ConfigurationException("task '" + taskName + "' (" + declared + "): parameter names are not "
                    + "in the class file; compile with -parameters (Spring Boot's Maven and Gradle plugins do) or "
                    + "take the arguments as one @JobArgs parameter");
        }
        boolean optional = type == Optional.class;
        Type valueType = optional
                ? ((ParameterizedType) parameter.getParameterizedType()).getActualTypeArguments()[0]
                : parameter.getParameterizedType();
        boolean primitive = type.isPrimitive();
        return context -> {
            Map<String, Object> args = context.args();
            Object raw = args.get(name);
            if (raw == null) {
                if (optional) {
                    return Optional.empty();
                }
                if (primitive) {
                    throw new IllegalArgumentException("job " + context.job().id() + " of task '" + taskName
                            + "' has no argument '" + name + "' (a " + type + " is required); its arguments: "
                            + args.keySet());
                }
                return null;
            }
            Object value = convert(json, raw, valueType, "argument '" + name + "'", context);
            return optional ? Optional.of(value) : value;
        };
    }

    private Object convert(JsonCodec json, Object raw, Type type, String what, JobContext context) {
        try {
            return json.convert(raw, type);
        } catch (ProcrastinateException e) {
            throw new IllegalArgumentException("job " + context.job().id() + " of task '" + taskName + "': cannot "
                    + "read " + what + " as " + type.getTypeName() + ": " + e.getCause().getMessage(), e);
        }
    }

    @Override
    public void run(JobContext context) throws Exception {
        Object[] args = new Object[binders.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = binders.get(i).bind(context);
        }
        try {
            method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "TaskMethod[" + taskName + " -> " + method + "]";
    }
}
