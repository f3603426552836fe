package dev.procrastinate.api;

import java.util.Objects;

/**
 * A PostgreSQL NOTIFY received on a channel this process listens to. Immutable.
 */
public record Notification(String channel, String payload) {

    /**
     * @throws NullPointerException when {@code channel} is null; a null {@code payload} becomes empty
     */
    public Notification {
        Objects.requireNonNull(channel, "channel");
        payload = payload == null ? "" : payload;
    }
}
