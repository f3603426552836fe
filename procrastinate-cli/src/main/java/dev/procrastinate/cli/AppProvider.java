package dev.procrastinate.cli;

import dev.procrastinate.core.App;

/**
 * How {@code --app CLASS} finds your app: a class implementing this interface with a public no-argument
 * constructor. (A class with a public static field or no-argument static method named {@code app} returning an
 * {@link App} works too.) The app's tasks are registered by the time {@link #app()} returns.
 */
@FunctionalInterface
public interface AppProvider {

    App app();
}
