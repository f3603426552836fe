package dev.procrastinate.api;

import java.util.Objects;

/** A PostgreSQL NOTIFY received on a channel this process listens to. */
public record Notification(String channel, String payload) {

    public Notification {
        Objects.requireNonNull(channel, "channel");
        payload = payload == null ? "" : payload;
    }
}
