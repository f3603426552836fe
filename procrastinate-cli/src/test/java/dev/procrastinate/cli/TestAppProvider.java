package dev.procrastinate.cli;

import dev.procrastinate.core.App;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The app the command-line tests load with --app: on the --database-url the command hands it, or without one on
 * TEST_APP_DATABASE_URL (standing for an app that chooses its own database).
 */
public final class TestAppProvider implements AppProvider {

    @Override
    public App app() {
        return tasks(App.fromUrl(System.getenv("TEST_APP_DATABASE_URL")));
    }

    @Override
    public App app(String databaseUrl) {
        return tasks(App.fromUrl(databaseUrl));
    }

    private static App tasks(App app) {
        app.task("cli.hello", ctx -> System.out.println("hello " + ctx.arg("name", String.class)));
        app.task("cli.fail", ctx -> {
            throw new IllegalStateException("boom in \"cli.fail\"", new java.io.IOException("disk full"));
        });
        app.task("cli.slow", ctx -> {
            System.out.println("started " + ctx.job().id());
            System.out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline) {
                LockSupport.parkNanos(deadline - System.nanoTime());
            }
            System.out.println("finished " + ctx.job().id());
        });
        return app;
    }
}
