package dev.procrastinate.api;

import java.util.Locale;

/** The values of the {@code procrastinate_job_event_type} enum, recorded by the schema's triggers. */
public enum JobEventType {
    DEFERRED, STARTED, DEFERRED_FOR_RETRY, FAILED, SUCCEEDED, CANCELLED, ABORT_REQUESTED, ABORTED, SCHEDULED, RETRIED;

    /** The database label, e.g. {@code "deferred_for_retry"}; never null. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a database label.
     *
     * @throws IllegalArgumentException for a label that is not one of the enum's
     * @throws NullPointerException when {@code value} is null
     */
    public static JobEventType fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
