package dev.procrastinate.api;

import java.time.Instant;

/** A row of {@code procrastinate_events}. */
public record JobEvent(long id, long jobId, JobEventType type, Instant at) {
}
