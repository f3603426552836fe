package dev.procrastinate.cli;

import dev.procrastinate.core.App;
import dev.procrastinate.dashboard.Dashboard;
import dev.procrastinate.dashboard.DashboardServer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code procrastinate dashboard}: serves the web dashboard until SIGINT/SIGTERM. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Serve the web dashboard (overview, jobs, job, periodic). Read-only "
        + "unless --actions; bound to 127.0.0.1 unless --bind, which then needs --user/--password or --token.")
final class DashboardCommand extends SubCommand {

    @Option(names = "--port", defaultValue = "${env:PROCRASTINATE_DASHBOARD_PORT:-8480}",
            description = "Port to listen on, 0 for any free one (default 8480).")
    int port;

    @Option(names = "--bind", defaultValue = "${env:PROCRASTINATE_DASHBOARD_BIND:-127.0.0.1}",
            description = "Address to listen on (default 127.0.0.1). Any other needs --user/--password or --token.")
    String bind;

    @Option(names = "--actions", defaultValue = "${env:PROCRASTINATE_DASHBOARD_ACTIONS:-false}",
            description = "Offer retry, cancel, abort, delete and bulk actions (default: read-only).")
    boolean actions;

    @Option(names = "--user", defaultValue = "${env:PROCRASTINATE_DASHBOARD_USER}",
            description = "HTTP Basic user every request must give, with --password.")
    String user;

    @Option(names = "--password", defaultValue = "${env:PROCRASTINATE_DASHBOARD_PASSWORD}",
            description = "Password of --user (better: env PROCRASTINATE_DASHBOARD_PASSWORD).")
    String password;

    @Option(names = "--token", defaultValue = "${env:PROCRASTINATE_DASHBOARD_TOKEN}",
            description = "Token every request must give as 'Authorization: Bearer TOKEN' or as the Basic password "
                    + "(better: env PROCRASTINATE_DASHBOARD_TOKEN).")
    String token;

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
