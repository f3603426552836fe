package dev.procrastinate.cli;

import dev.procrastinate.api.Connectors;
import dev.procrastinate.core.App;
import dev.procrastinate.core.worker.WorkerOptions;

/** An app whose workers take the queue "from-app" and the name "app-worker" unless told otherwise. */
public final class WorkerDefaultsAppProvider implements AppProvider {

    @Override
    public App app() {
        throw new IllegalStateException("the tests give --database-url");
    }

    @Override
    public App app(String databaseUrl) {
        App app = App.builder().connector(Connectors.create(databaseUrl))
                .workerDefaults(WorkerOptions.builder().queues("from-app").name("app-worker").build()).build();
        app.task("cli.where", ctx -> System.out.println("ran on " + ctx.job().queueName() + " by "
                + ctx.workerName()));
        return app;
    }
}
