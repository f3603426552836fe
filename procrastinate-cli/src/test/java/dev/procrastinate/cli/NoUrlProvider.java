package dev.procrastinate.cli;

import dev.procrastinate.core.App;

/** A provider that only knows app(): it cannot take --database-url. */
public final class NoUrlProvider implements AppProvider {

    @Override
    public App app() {
        App app = App.fromUrl(System.getenv("TEST_APP_DATABASE_URL"));
        app.task("nourl.hello", ctx -> System.out.println("no-url hello"));
        return app;
    }
}
