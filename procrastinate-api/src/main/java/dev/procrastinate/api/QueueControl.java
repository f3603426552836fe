package dev.procrastinate.api;

import java.util.Objects;

/** What holds for one queue: whether it is paused, and its limits. */
public record QueueControl(String queueName, boolean paused, QueueLimits limits) {

    public QueueControl {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(limits, "limits");
    }
}
