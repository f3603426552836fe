package dev.procrastinate.api;

import java.util.Locale;

/** The values of the {@code procrastinate_job_status} enum. {@link #ABORTING} is legacy and never set. */
public enum JobStatus {
    TODO, DOING, SUCCEEDED, FAILED, CANCELLED, ABORTING, ABORTED;

    /** The database label, e.g. {@code "todo"}. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a database label.
     *
     * @throws IllegalArgumentException for a label that is not one of the enum's
     * @throws NullPointerException when {@code value} is null
     */
    public static JobStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whether a job in this status will not run again unless retried by hand. */
    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == ABORTED;
    }
}
