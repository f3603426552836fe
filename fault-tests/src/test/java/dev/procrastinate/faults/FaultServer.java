package dev.procrastinate.faults;

import dev.procrastinate.testing.RestartablePostgres;

/**
 * The one embedded PostgreSQL every scenario of this JVM uses, each in a database and role of its own; scenarios
 * stop and restart it, so it is not the server other test modules share. Closed (data deleted) at JVM exit.
 */
final class FaultServer {

    private static RestartablePostgres server;

    private FaultServer() {
    }

    static synchronized RestartablePostgres get() {
        if (server == null) {
            server = RestartablePostgres.create();
        }
        server.start();
        return server;
    }
}
