package dev.procrastinate.cli;

import dev.procrastinate.core.App;

/**
 * How {@code --app CLASS} finds your app: a class implementing this interface with a public no-argument
 * constructor. (A class with a public static field or no-argument static method named {@code app} returning an
 * {@link App} works too, without {@code --database-url}.) The app's tasks are registered by the time it returns.
 */
@FunctionalInterface
public interface AppProvider {

    /** The app, on the database it chooses itself. Called when no {@code --database-url} is given. */
    App app();

    /**
     * The app on this database: called instead of {@link #app()} when {@code --database-url} (or
     * {@code PROCRASTINATE_DATABASE_URL}) is given, e.g. {@code App app = App.fromUrl(databaseUrl)}. The default
     * refuses the URL, so that it is never ignored: implement this method to take it.
     */
    default App app(String databaseUrl) {
        throw new CliException("--database-url (or PROCRASTINATE_DATABASE_URL) is given, but "
                + getClass().getName() + " does not take a database URL: implement AppProvider.app(String "
                + "databaseUrl) in it, or leave the URL out and let app() choose the database");
    }
}
