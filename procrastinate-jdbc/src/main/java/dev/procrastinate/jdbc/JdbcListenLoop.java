package dev.procrastinate.jdbc;

import dev.procrastinate.api.ListenReconnection;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.Subscription;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN on a dedicated JDBC connection, in a thread of its own, for any driver: opens the connection, names it
 * {@code procrastinate-listen}, LISTENs on every channel, then lets the driver-specific {@link Receiver} wait for
 * notifications. Any failure is reported through {@link ListenReconnection} (the listener told, one WARN, then DEBUG,
 * and one INFO on recovery) and followed by a reconnection after its back-off.
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
    private final ListenReconnection reconnection;
    private final Connections connections;
    private final Receiver receiver;
    private final Consumer<JdbcListenLoop> onClose;
    private final Thread thread;
    private volatile boolean closed;

    public JdbcListenLoop(String threadName, List<String> channels, NotificationListener listener,
            Connections connections, Receiver receiver, Consumer<JdbcListenLoop> onClose) {
        this.channels = List.copyOf(channels);
        this.reconnection = new ListenReconnection(listener, e -> LOG.warn("notification listener failed", e));
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
        reconnection.deliver(channel, payload);
    }

    private void loop() {
        while (!closed) {
            try (Connection connection = connections.open()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET application_name = 'procrastinate-listen'");
                    for (String channel : channels) {
                        statement.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
                    }
                }
                if (reconnection.listening()) {
                    LOG.info("LISTEN connection restored on {}", channels);
                }
                receiver.receive(connection, this);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                Duration pause = reconnection.lost(e);
                (reconnection.failuresInARow() == 1 ? LOG.atWarn() : LOG.atDebug())
                        .log("LISTEN connection lost, reconnecting in {}: {}", pause, e.toString());
                pause(pause.toMillis());
            }
        }
        reconnection.stopped();
    }

    /** Sleeps unless the loop is closed meanwhile; for receivers that poll. */
    public void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @Override
    public boolean isListening() {
        return reconnection.isListening();
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
        reconnection.stopped();
        onClose.accept(this);
    }
}
