package dev.procrastinate.cli;

import dev.procrastinate.core.App;

/** An app given as a public static method 'app', on its own database (TEST_APP_DATABASE_URL). */
public final class StaticMethodApp {

    private StaticMethodApp() {
    }

    public static App app() {
        App app = App.fromUrl(System.getenv("TEST_APP_DATABASE_URL"));
        app.task("static.hello", ctx -> System.out.println("static hello"));
        return app;
    }
}
