package dev.procrastinate.cli;

import dev.procrastinate.core.App;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/** Loads the {@code --app} class: an {@link AppProvider}, or a static field or method named {@code app}. */
final class AppLoader {

    private AppLoader() {
    }

    /** The app of this class; {@code databaseUrl} (may be null) goes to {@link AppProvider#app(String)}. */
    static App load(String className, ClassLoader loader, String databaseUrl) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new CliException("--app: class " + className + " not found; put its jar or class folder on "
                    + "--classpath (or PROCRASTINATE_CLASSPATH)");
        } catch (LinkageError e) {
            throw new CliException("--app: class " + className + " cannot be loaded: " + e, e);
        }
        try {
            if (AppProvider.class.isAssignableFrom(type)) {
                AppProvider provider = (AppProvider) type.getConstructor().newInstance();
                return checked(className, databaseUrl == null ? provider.app() : provider.app(databaseUrl));
            }
            Object app = null;
            boolean found = false;
            for (Field field : type.getFields()) {
                if (field.getName().equals("app") && Modifier.isStatic(field.getModifiers())
                        && App.class.isAssignableFrom(field.getType())) {
                    refuseUrl(className, databaseUrl);
                    app = field.get(null);
                    found = true;
                }
            }
            if (!found) {
                Method method = type.getMethod("app");
                if (Modifier.isStatic(method.getModifiers()) && App.class.isAssignableFrom(method.getReturnType())) {
                    refuseUrl(className, databaseUrl);
                    app = method.invoke(null);
                    found = true;
                }
            }
            if (found) {
                return checked(className, (App) app);
            }
        } catch (NoSuchMethodException e) {
            // reported below with the accepted shapes
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof CliException cli) {
                throw cli;
            }
            throw new CliException("--app: " + className + " failed to build the app: " + cause, cause);
        }
        throw new CliException("--app: " + className + " must implement dev.procrastinate.cli.AppProvider "
                + "or have a public static field or no-argument method 'app' of type dev.procrastinate.core.App");
    }

    private static void refuseUrl(String className, String databaseUrl) {
        if (databaseUrl != null) {
            throw new CliException("--database-url (or PROCRASTINATE_DATABASE_URL) is given, but " + className
                    + " builds its app in a static 'app' member that cannot take it: implement "
                    + "dev.procrastinate.cli.AppProvider with app(String databaseUrl), or leave the URL out");
        }
    }

    private static App checked(String className, App app) {
        if (app == null) {
            throw new CliException("--app: " + className + " returned no app (null)");
        }
        return app;
    }
}
