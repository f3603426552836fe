package dev.procrastinate.api;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What every connector's LISTEN does across losses and reconnections, whatever its driver: tells the
 * {@link NotificationListener} (a listener's exception goes to {@code listenerFailures}, never to the connector),
 * counts the losses in a row, and gives the pause before the next attempt ({@link Backoff#LISTEN_RECONNECTION}).
 * The connector keeps the connection and its own logging: a WARN for the first loss in a row
 * ({@link #failuresInARow()} is 1), DEBUG for the next ones, INFO when {@link #listening()} says LISTEN was restored.
 * Thread-safe.
 */
public final class ListenReconnection {

    private final NotificationListener listener;
    private final Consumer<RuntimeException> listenerFailures;
    private int failures;
    private volatile boolean listening;

    /**
     * Reports to {@code listener}; an exception the listener throws goes to {@code listenerFailures} instead of the
     * connector's LISTEN loop.
     *
     * @throws NullPointerException when either is null
     */
    public ListenReconnection(NotificationListener listener, Consumer<RuntimeException> listenerFailures) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.listenerFailures = Objects.requireNonNull(listenerFailures, "listenerFailures");
    }

    /** LISTEN is in place on every channel; whether this restores a connection that was lost (worth a log line). */
    public boolean listening() {
        boolean restored;
        synchronized (this) {
            restored = failures > 0;
            failures = 0;
            listening = true;
        }
        safely(listener::onListening);
        return restored;
    }

    /** The connection was lost; returns how long to wait before connecting again. */
    public Duration lost(Throwable cause) {
        int count;
        synchronized (this) {
            listening = false;
            count = ++failures;
        }
        safely(() -> listener.onConnectionLost(cause));
        return Backoff.LISTEN_RECONNECTION.delay(count);
    }

    /** How many losses in a row, the last one included; 0 while listening. */
    public synchronized int failuresInARow() {
        return failures;
    }

    /** Hands a notification to the listener. */
    public void deliver(String channel, String payload) {
        safely(() -> listener.onNotification(new Notification(channel, payload)));
    }

    /** The subscription was closed: no longer listening, nothing more to report. */
    public void stopped() {
        listening = false;
    }

    /** Whether LISTEN is in place now: false after a loss until {@link #listening()}, and after {@link #stopped()}. */
    public boolean isListening() {
        return listening;
    }

    private void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            listenerFailures.accept(e);
        }
    }
}
