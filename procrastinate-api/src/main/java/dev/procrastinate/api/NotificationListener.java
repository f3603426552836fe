package dev.procrastinate.api;

/**
 * Receives notifications from {@link Connector#listen}. Callbacks come on a connector thread, one at a time,
 * and must return quickly; an exception thrown by a callback is logged by the connector and ignored.
 */
public interface NotificationListener {

    /** One notification, never null, on a connector thread; must return quickly and should not throw. */
    void onNotification(Notification notification);

    /**
     * The LISTEN connection is up and listening on every channel: called once after {@code listen} and again after
     * each reconnection. Notifications sent while it was down are lost, so a caller should look for work now.
     */
    default void onListening() {
    }

    /** The LISTEN connection broke; the connector is reconnecting with back-off. Poll until {@link #onListening}. */
    default void onConnectionLost(Throwable cause) {
    }
}
