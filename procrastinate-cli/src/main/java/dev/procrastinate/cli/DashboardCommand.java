package dev.procrastinate.cli;

import dev.procrastinate.core.App;
import dev.procrastinate.dashboard.Dashboard;
import dev.procrastinate.dashboard.DashboardServer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code procrastinate dashboard}: serves the web dashboard until SIGINT/SIGTERM. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, resourceBundle = "dev.procrastinate.cli.DashboardHelp",
        defaultValueProvider = EnvironmentDefaults.Dashboard.class, showDefaultValues = true,
        description = "Serve the web dashboard (overview, jobs, job, periodic). Read-only "
        + "unless --actions; bound to 127.0.0.1 unless --bind, which then needs --user/--password or --token.")
final class DashboardCommand extends SubCommand {

    @Option(names = "--port", defaultValue = "8480") int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1") String bind;

    @Option(names = "--actions", defaultValue = "false") boolean actions;

    @Option(names = "--user") String user;

    @Option(names = "--password") String password;

    @Option(names = "--token") String token;

    @Override
    public Integer call() throws InterruptedException {
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("--user and --password go together: give both or neither");
        }
        App app = root.app();
        app.schema().check();
        DashboardServer.Builder builder = DashboardServer.builder(Dashboard.builder(app).actionsEnabled(actions)
                .build()).bind(bind).port(port);
        if (user != null) {
            builder.user(user, password);
        }
        if (token != null && !token.isBlank()) {
            builder.token(token);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        DashboardServer server = builder.start();
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "procrastinate-dashboard-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Dashboard on " + server.url() + " (" + (actions ? "actions enabled" : "read-only")
                + "). Ctrl-C stops it.");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
