package dev.procrastinate.cli;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.core.App;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/** Loads the {@code --app} class: an {@link AppProvider}, or a static field or method named {@code app}. */
final class AppLoader {

    private AppLoader() {
    }

    static App load(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException("--app: class " + className + " not found on the class path");
        }
        try {
            if (AppProvider.class.isAssignableFrom(type)) {
                return ((AppProvider) type.getConstructor().newInstance()).app();
            }
            for (Field field : type.getFields()) {
                if (field.getName().equals("app") && Modifier.isStatic(field.getModifiers())
                        && App.class.isAssignableFrom(field.getType())) {
                    return (App) field.get(null);
                }
            }
            Method method = type.getMethod("app");
            if (Modifier.isStatic(method.getModifiers()) && App.class.isAssignableFrom(method.getReturnType())) {
                return (App) method.invoke(null);
            }
        } catch (NoSuchMethodException e) {
            // reported below with the accepted shapes
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigurationException("--app: " + className + " failed to build the app: " + cause, cause);
        }
        throw new ConfigurationException("--app: " + className + " must implement dev.procrastinate.cli.AppProvider "
                + "or have a public static field or no-argument method 'app' of type dev.procrastinate.core.App");
    }
}
