package dev.procrastinate.spring;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.RetryStrategy;
import dev.procrastinate.api.TaskOptions;
import dev.procrastinate.core.App;
import dev.procrastinate.core.periodic.PeriodicTask;
import dev.procrastinate.core.retry.Retry;
import dev.procrastinate.core.task.TaskDefinition;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@link Task} and {@link Periodic} methods on beans as they are created and, once every singleton exists,
 * registers them with the {@link App}: before any worker of the context starts. Bad declarations (two tasks with one
 * name, a cron that does not parse, a retry bean that does not exist) fail the start-up with a message naming the
 * method.
 */
final class TaskMethodRegistrar implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware {

    private record Found(Object bean, Method declared, Method invocable, Task task, Set<Periodic> schedules) {
    }

    private final ObjectProvider<App> app;
    private final List<Found> found = new ArrayList<>();
    private ConfigurableBeanFactory beanFactory;

    TaskMethodRegistrar(ObjectProvider<App> app) {
        this.app = app;
    }

    @Override
    public void setBeanFactory(BeanFactory factory) {
        this.beanFactory = (ConfigurableBeanFactory) factory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> target = AopUtils.getTargetClass(bean);
        if (target.getName().startsWith("org.springframework.")) {
            return bean;
        }
        Map<Method, Task> methods = MethodIntrospector.selectMethods(target,
                (MethodIntrospector.MetadataLookup<Task>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, Task.class));
        methods.forEach((method, task) -> {
            Set<Periodic> schedules = AnnotatedElementUtils.findMergedRepeatableAnnotations(method, Periodic.class);
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            synchronized (found) {
                found.add(new Found(bean, method, invocable, task, schedules));
            }
        });
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        App target = app.getObject();
        List<Found> all;
        synchronized (found) {
            all = List.copyOf(found);
            found.clear();
        }
        for (Found each : all) {
            register(target, each);
        }
    }

    private void register(App target, Found each) {
        Task task = each.task();
        String name = task.name().isEmpty()
                ? each.declared().getDeclaringClass().getName() + "." + each.declared().getName()
                : resolve(task.name());
        String where = "@Task method " + each.declared();
        try {
            TaskOptions options = TaskOptions.builder().queue(resolve(task.queue())).priority(task.priority())
                    .lock(blankToNull(resolve(task.lock()))).queueingLock(blankToNull(resolve(task.queueingLock())))
                    .maxRecoveries(task.maxRecoveries() < 0 ? null : task.maxRecoveries())
                    .aliases(Arrays.stream(task.aliases()).map(this::resolve).toList())
                    .retry(retry(task)).build();
            TaskMethod method = new TaskMethod(each.bean(), each.invocable(), each.declared(), name,
                    target.json());
            target.register(new TaskDefinition(name, options, method));
            for (Periodic periodic : each.schedules()) {
                PeriodicTask.Builder schedule = PeriodicTask.builder(name, resolve(periodic.cron()))
                        .periodicId(resolve(periodic.periodicId()));
                if (!periodic.zone().isEmpty()) {
                    schedule.zone(ZoneId.of(resolve(periodic.zone())));
                }
                target.periodic(schedule.build());
            }
        } catch (RuntimeException e) {
            throw new ConfigurationException(where + ": " + e.getMessage(), e);
        }
    }

    private RetryStrategy retry(Task task) {
        if (!task.retryStrategy().isEmpty()) {
            return beanFactory.getBean(task.retryStrategy(), RetryStrategy.class);
        }
        if (task.retry() == 0) {
            return RetryStrategy.NONE;
        }
        if (task.retry() < -1) {
            throw new ConfigurationException("retry must be -1 (forever), 0 (never) or a number of retries, was "
                    + task.retry());
        }
        Retry.Builder retry = Retry.builder().wait(duration(task.retryWait()))
                .linearWait(duration(task.retryLinearWait()))
                .exponentialWait(duration(task.retryExponentialWait()))
                .retryExceptions(List.of(task.retryOn()));
        if (task.retry() > 0) {
            retry.maxAttempts(task.retry());
        }
        return retry.build();
    }

    private Duration duration(String text) {
        String value = resolve(text);
        return value.isBlank() ? Duration.ZERO : DurationStyle.detectAndParse(value);
    }

    private String resolve(String value) {
        String resolved = beanFactory.resolveEmbeddedValue(value);
        return resolved == null ? "" : resolved;
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value;
    }
}
