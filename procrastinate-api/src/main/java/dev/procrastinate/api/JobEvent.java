package dev.procrastinate.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A row of {@code procrastinate_events}: what happened to job {@code jobId}, and when. Immutable.
 */
public record JobEvent(long id, long jobId, JobEventType type, Instant at) {

    /**
     * @throws NullPointerException when {@code type} or {@code at} is null
     */
    public JobEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }
}
