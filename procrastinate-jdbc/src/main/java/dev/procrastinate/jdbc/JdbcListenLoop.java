package dev.procrastinate.jdbc;

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
 * LISTEN on a dedicated JDBC connection, in a thread of its own, for any driver: opens the connection, names it
 * {@code procrastinate-listen}, LISTENs on every channel, then lets the driver-specific {@link Receiver} wait for
 * notifications. Any failure is reported ({@link NotificationListener#onConnectionLost}, one WARN, then DEBUG, and
 * one INFO on recovery) and followed by a reconnection after a back-off of 100 ms doubling to 5 s.
 */
public final class JdbcListenLoop implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcListenLoop.class);

    /** Where the dedicated connection comes from. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    /**
     * Receives notifications on a listening connection and hands them to {@link JdbcListenLoop#deliver}; returns
     * when the loop is closed, throws when the connection fails.
     */
    @FunctionalInterface
    public interface Receiver {
        void receive(Connection connection, JdbcListenLoop loop) throws SQLException;
    }

    private final List<String> channels;
    private final NotificationListener listener;
    private final Connections connections;
    private final Receiver receiver;
    private final Consumer<JdbcListenLoop> onClose;
    private final Thread thread;
    private volatile boolean listening;
    private volatile boolean closed;

    public JdbcListenLoop(String threadName, List<String> channels, NotificationListener listener,
            Connections connections, Receiver receiver, Consumer<JdbcListenLoop> onClose) {
        this.channels = List.copyOf(channels);
        this.listener = listener;
        this.connections = connections;
        this.receiver = receiver;
        this.onClose = onClose;
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
    }

    public JdbcListenLoop start() {
        thread.start();
        return this;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Hands a notification to the listener; a listener's exception is logged, not propagated. */
    public void deliver(String channel, String payload) {
        safely(() -> listener.onNotification(new Notification(channel, payload)));
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            try (Connection connection = connections.open()) {
                connection.setAutoCommit(true);
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
                receiver.receive(connection, this);
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
                safely(() -> listener.onConnectionLost(e));
                pause(Math.min(5_000L, 100L << Math.min(failures - 1, 6)));
            }
        }
        listening = false;
    }

    /** Sleeps unless the loop is closed meanwhile; for receivers that poll. */
    public void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
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
