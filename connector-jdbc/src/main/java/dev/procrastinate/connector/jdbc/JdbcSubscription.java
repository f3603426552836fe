package dev.procrastinate.connector.jdbc;

import dev.procrastinate.api.Notification;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.Subscription;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN on a dedicated connection, in a thread of its own: waits for notifications with a short timeout, checks
 * the connection every few seconds, and reconnects with exponential back-off (100 ms to 5 s) when it breaks.
 */
final class JdbcSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSubscription.class);
    private static final int WAIT_MILLIS = 500;
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final List<String> channels;
    private final NotificationListener listener;
    private final JdbcConnector.ListenConnections connections;
    private final Consumer<JdbcSubscription> onClose;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean listening;

    JdbcSubscription(List<String> channels, NotificationListener listener,
            JdbcConnector.ListenConnections connections, Consumer<JdbcSubscription> onClose) {
        this.channels = channels;
        this.listener = listener;
        this.connections = connections;
        this.onClose = onClose;
        this.thread = new Thread(this::loop, "procrastinate-jdbc-listen");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            try (Connection connection = connections.open()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET application_name = 'procrastinate-listen'");
                    for (String channel : channels) {
                        statement.execute("LISTEN " + quote(channel));
                    }
                }
                if (failures > 0) {
                    LOG.info("LISTEN connection restored on {}", channels);
                }
                failures = 0;
                listening = true;
                listener.onListening();
                receive(connection);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed) {
                    return;
                }
                failures++;
                if (failures == 1) {
                    LOG.warn("LISTEN connection lost, reconnecting: {}", e.toString());
                } else {
                    LOG.debug("LISTEN reconnection failed: {}", e.toString());
                }
                safely(() -> listener.onConnectionLost(e));
                if (!pause(Math.min(5_000L, 100L << Math.min(failures - 1, 6)))) {
                    return;
                }
            }
        }
        listening = false;
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long lastCheck = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    Notification received = new Notification(notification.getName(), notification.getParameter());
                    safely(() -> listener.onNotification(received));
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

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("notification listener failed", e);
        }
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listening = false;
        onClose.accept(this);
    }
}
