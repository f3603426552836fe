package dev.procrastinate.connector.pgjdbcng;

import com.impossibl.postgres.api.jdbc.PGConnection;
import com.impossibl.postgres.api.jdbc.PGNotificationListener;
import dev.procrastinate.api.Notification;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.Subscription;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN with pgjdbc-ng's push notifications: the driver calls back on its own I/O thread. A supervising thread
 * checks the connection every second and reconnects with back-off (100 ms doubling to 5 s) when it broke.
 */
final class PgjdbcNgSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(PgjdbcNgSubscription.class);

    private final PgjdbcNgConnector connector;
    private final List<String> channels;
    private final NotificationListener listener;
    private final Consumer<PgjdbcNgSubscription> onClose;
    private final Thread thread;
    private volatile boolean listening;
    private volatile boolean closed;

    PgjdbcNgSubscription(PgjdbcNgConnector connector, List<String> channels, NotificationListener listener,
            Consumer<PgjdbcNgSubscription> onClose) {
        this.connector = connector;
        this.channels = channels;
        this.listener = listener;
        this.onClose = onClose;
        this.thread = new Thread(this::supervise, "procrastinate-pgjdbc-ng-listen");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void supervise() {
        int failures = 0;
        while (!closed) {
            try (Connection connection = connector.listenConnection()) {
                PGConnection pg = connection.unwrap(PGConnection.class);
                pg.addNotificationListener(new PGNotificationListener() {
                    @Override
                    public void notification(int processId, String channel, String payload) {
                        safely(() -> listener.onNotification(new Notification(channel, payload)));
                    }
                });
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET application_name = 'procrastinate-listen'");
                    for (String channel : channels) {
                        statement.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
                    }
                }
                if (failures > 0) {
                    LOG.info("LISTEN connection restored on {}", channels);
                }
                failures = 0;
                listening = true;
                safely(listener::onListening);
                while (!closed && connection.isValid(2)) {
                    pause(1_000);
                }
                if (!closed) {
                    throw new SQLException("LISTEN connection is no longer valid", "08006");
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed) {
                    break;
                }
                failures++;
                if (failures == 1) {
                    LOG.warn("LISTEN connection lost, reconnecting: {}", e.toString());
                } else {
                    LOG.debug("LISTEN reconnection failed: {}", e.toString());
                }
                Throwable cause = e;
                safely(() -> listener.onConnectionLost(cause));
                pause(Math.min(5_000L, 100L << Math.min(failures - 1, 6)));
            }
        }
        listening = false;
    }

    private void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("notification listener failed", e);
        }
    }

    @Override
    public boolean isListening() {
        return listening;
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
