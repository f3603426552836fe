package dev.procrastinate.dashboard;

import dev.procrastinate.api.JobStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What the jobs page and the bulk actions select: every field optional, all given ones must match. {@code args} is
 * a case-insensitive substring of the arguments' JSON text.
 */
record JobFilter(String queue, String task, JobStatus status, String lock, String queueingLock, Long id,
        String args) {

    static final List<String> FIELDS = List.of("queue", "task", "status", "lock", "queueing_lock", "id", "args");

    /** Reads the filter fields from request parameters; a bad status or id is an {@link IllegalArgumentException}. */
    static JobFilter from(Function<String, String> params) {
        String status = params.apply("status");
        String id = params.apply("id");
        return new JobFilter(params.apply("queue"), params.apply("task"), status == null ? null : status(status),
                params.apply("lock"), params.apply("queueing_lock"), id == null ? null : id(id), params.apply("args"));
    }

    private static JobStatus status(String value) {
        try {
            return JobStatus.fromDb(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown status '" + value + "'; choose one of "
                    + Arrays.stream(JobStatus.values()).map(JobStatus::dbValue).toList(), e);
        }
    }

    private static Long id(String value) {
        try {
            return Long.parseLong(value.trim().replaceFirst("^#", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("job id must be a whole number, got '" + value + "'", e);
        }
    }

    boolean isEmpty() {
        return params().isEmpty();
    }

    /** The filter as request parameters, unset fields left out, in a stable order. */
    Map<String, String> params() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "queue", queue);
        put(out, "task", task);
        put(out, "status", status == null ? null : status.dbValue());
        put(out, "lock", lock);
        put(out, "queueing_lock", queueingLock);
        put(out, "id", id == null ? null : id.toString());
        put(out, "args", args);
        return out;
    }

    private static void put(Map<String, String> out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    /** A readable summary: {@code queue = emails, status = failed}. */
    String describe() {
        if (isEmpty()) {
            return "all jobs";
        }
        List<String> parts = new ArrayList<>();
        params().forEach((name, value) -> parts.add(name.equals("args") ? "arguments contain \"" + value + "\""
                : name.replace('_', ' ') + " = " + value));
        return String.join(", ", parts);
    }

    /**
     * The SQL conditions on the jobs table aliased {@code j}, joined with AND (or {@code TRUE}), adding the values to
     * {@code params} and numbering placeholders after the ones already there.
     */
    String where(List<Object> params) {
        List<String> conditions = new ArrayList<>();
        condition(conditions, params, "j.queue_name = $%d", queue);
        condition(conditions, params, "j.task_name = $%d", task);
        condition(conditions, params, "j.status = $%d::procrastinate_job_status",
                status == null ? null : status.dbValue());
        condition(conditions, params, "j.lock = $%d", lock);
        condition(conditions, params, "j.queueing_lock = $%d", queueingLock);
        condition(conditions, params, "j.id = $%d", id);
        if (args != null) {
            // A literal, not a parameter: after five runs PostgreSQL may switch a prepared statement to a generic
            // plan, which cannot know that a pattern is rare and walks the whole table by id instead of using a
            // trigram index.
            conditions.add("j.args::text ILIKE " + literal("%" + likeEscape(args) + "%"));
        }
        return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
    }

    private static void condition(List<String> conditions, List<Object> params, String sql, Object value) {
        if (value != null) {
            params.add(value);
            conditions.add(String.format(Locale.ROOT, sql, params.size()));
        }
    }

    /** An escape-string literal: every backslash and quote escaped, so its content is only ever data. */
    private static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the text to find in the arguments cannot contain a NUL character");
        }
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
