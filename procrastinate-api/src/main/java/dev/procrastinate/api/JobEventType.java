package dev.procrastinate.api;

import java.util.Locale;

/** The values of the {@code procrastinate_job_event_type} enum, recorded by the schema's triggers. */
public enum JobEventType {
    DEFERRED, STARTED, DEFERRED_FOR_RETRY, FAILED, SUCCEEDED, CANCELLED, ABORT_REQUESTED, ABORTED, SCHEDULED, RETRIED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobEventType fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
