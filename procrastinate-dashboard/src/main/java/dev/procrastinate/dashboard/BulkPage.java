package dev.procrastinate.dashboard;

import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An action on every job a filter matches: a confirmation page that counts the jobs it will touch, then a POST that
 * walks them by id in chunks through the job manager.
 */
final class BulkPage {

    record Kind(String label, String verb) {
    }

    static final Map<String, Kind> ACTIONS = actions();
    private static final int CHUNK = 500;

    private final Dashboard dashboard;

    BulkPage(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    private static Map<String, Kind> actions() {
        Map<String, Kind> actions = new LinkedHashMap<>();
        actions.put("retry", new Kind("Retry failed", "retry"));
        actions.put("cancel", new Kind("Cancel waiting", "cancel"));
        actions.put("abort", new Kind("Abort running", "request abort of"));
        actions.put("delete", new Kind("Delete finished or waiting", "delete"));
        return actions;
    }

    private static String action(String value) {
        if (value == null || !ACTIONS.containsKey(value)) {
            throw new IllegalArgumentException("unknown bulk action '" + value + "'; choose one of " + ACTIONS.keySet());
        }
        return value;
    }

    private static String statusCondition(String action) {
        return "j.status IN (" + Actions.statuses(action).stream().map(s -> "'" + s.dbValue() + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    long count(String action, JobFilter filter) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        return dashboard.connector().query("SELECT count(*) AS n FROM procrastinate_jobs j WHERE " + where + " AND "
                + statusCondition(action), params.toArray()).get(0).getLong("n");
    }

    String confirm(Html.Frame frame, DashboardRequest request) {
        String action = action(request.param("action"));
        JobFilter filter = JobFilter.from(request::param);
        long count = count(action, filter);
        String statuses = Actions.statuses(action).stream().map(JobStatus::dbValue).collect(Collectors.joining(", "));
        StringBuilder body = new StringBuilder("<section class=\"confirm\"><p>This will <strong>")
                .append(Html.escape(ACTIONS.get(action).verb())).append("</strong> <strong data-field=\"count\">")
                .append(count).append("</strong> ").append(count == 1 ? "job" : "jobs").append(" (status ")
                .append(Html.escape(statuses)).append(") matching: ").append(Html.escape(filter.describe()))
                .append(".</p>");
        String back = frame.base() + "/jobs" + Html.query(filter.params());
        if (!frame.actions()) {
            body.append("<p class=\"error\">This dashboard is read-only.</p>");
        } else if (count > 0) {
            Map<String, String> fields = new LinkedHashMap<>(filter.params());
            fields.put("action", action);
            fields.put("expected", Long.toString(count));
            body.append(Html.form(frame, frame.base() + "/bulk", fields,
                    ACTIONS.get(action).label() + ": " + count + (count == 1 ? " job" : " jobs"), "button " + action));
        }
        body.append(" <a href=\"").append(Html.escape(back)).append("\">Back to the jobs</a></section>");
        return Html.page(frame, "Confirm: " + ACTIONS.get(action).label(), null, body.toString());
    }

    /** Runs the action and returns where to go next (the filtered jobs page with what was done). */
    String run(DashboardRequest request) {
        String action = action(request.field("action"));
        JobFilter filter = JobFilter.from(request::field);
        long done = 0;
        long skipped = 0;
        long after = 0;
        while (true) {
            List<Object> params = new ArrayList<>();
            String where = filter.where(params);
            params.add(after);
            List<Row> ids = dashboard.connector().query("SELECT j.id FROM procrastinate_jobs j WHERE " + where
                    + " AND " + statusCondition(action) + " AND j.id > $" + params.size() + " ORDER BY j.id LIMIT "
                    + CHUNK, params.toArray());
            for (Row row : ids) {
                after = row.getLong("id");
                try {
                    if (Actions.apply(dashboard, action, after)) {
                        done++;
                    } else {
                        skipped++;
                    }
                } catch (ProcrastinateException e) {
                    skipped++;
                }
            }
            if (ids.size() < CHUNK) {
                break;
            }
        }
        String outcome = ACTIONS.get(action).verb() + ": " + done + (done == 1 ? " job" : " jobs")
                + (skipped > 0 ? " (" + skipped + " skipped: their status changed meanwhile)" : "");
        Map<String, String> params = new LinkedHashMap<>(filter.params());
        params.put("done", outcome);
        return "/jobs" + Html.query(params);
    }
}
