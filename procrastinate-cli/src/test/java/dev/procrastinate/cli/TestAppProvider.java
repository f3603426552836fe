package dev.procrastinate.cli;

import dev.procrastinate.core.App;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** The app the command-line tests load with --app: its database comes from PROCRASTINATE_DATABASE_URL. */
public final class TestAppProvider implements AppProvider {

    @Override
    public App app() {
        App app = App.fromUrl(System.getenv("PROCRASTINATE_DATABASE_URL"));
        app.task("cli.hello", ctx -> System.out.println("hello " + ctx.arg("name", String.class)));
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
