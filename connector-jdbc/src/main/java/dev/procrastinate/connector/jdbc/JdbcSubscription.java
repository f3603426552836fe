package dev.procrastinate.connector.jdbc;

import dev.procrastinate.jdbc.JdbcListenLoop;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * How the PostgreSQL JDBC driver receives notifications: {@code getNotifications} with a short timeout, and a
 * cheap query every few seconds so that a dead connection is noticed.
 */
final class JdbcSubscription implements JdbcListenLoop.Receiver {

    private static final int WAIT_MILLIS = 500;
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Override
    public void receive(Connection connection, JdbcListenLoop loop) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (!loop.isClosed()) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    loop.deliver(notification.getName(), notification.getParameter());
                }
            }
            if (System.nanoTime() - lastCheck > CHECK_NANOS) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                lastCheck = System.nanoTime();
            }
        }
    }
}
