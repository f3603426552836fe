package dev.procrastinate.dashboard;

import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filtered job list. Keyset pagination: by id (newest or oldest first) with the last id as cursor, or by time of
 * the latest event with (time, event id) as cursor, so a page costs the same however deep it is.
 */
final class JobsPage {

    static final String COLUMNS = "j.id, j.queue_name, j.task_name, j.priority, j.lock, j.queueing_lock, j.args, "
            + "j.status::text AS status, j.scheduled_at, j.attempts, j.abort_requested, j.worker_id";
    private static final int ARGS_SHOWN = 80;

    private final Dashboard dashboard;

    JobsPage(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    enum Sort {
        ID_DESC("newest id first"), ID_ASC("oldest id first"), TIME("latest event first");

        final String label;

        Sort(String label) {
            this.label = label;
        }

        String param() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Sort from(String value) {
            if (value == null) {
                return ID_DESC;
            }
            for (Sort sort : values()) {
                if (sort.param().equals(value)) {
                    return sort;
                }
            }
            throw new IllegalArgumentException("unknown sort '" + value + "'; choose id_desc, id_asc or time");
        }
    }

    /** One page of jobs and the cursor of the next one (null on the last page). */
    record Page(List<Row> rows, String next) {
    }

    Page load(JobFilter filter, Sort sort, String after) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        int limit = dashboard.pageSize() + 1;
        String sql;
        if (sort == Sort.TIME) {
            if (after != null) {
                String[] parts = after.split("_");
                if (parts.length != 3) {
                    throw new IllegalArgumentException("bad page cursor '" + after + "'");
                }
                params.add(Instant.ofEpochSecond(number(parts[0]), number(parts[1])));
                params.add(number(parts[2]));
                where += " AND (e.at, e.id) < ($" + (params.size() - 1) + ", $" + params.size() + ")";
            }
            sql = "SELECT " + COLUMNS + ", e.at AS activity_at, e.id AS event_id FROM procrastinate_events e "
                    + "JOIN procrastinate_jobs j ON j.id = e.job_id WHERE e.at IS NOT NULL AND NOT EXISTS (SELECT 1 "
                    + "FROM procrastinate_events l WHERE l.job_id = e.job_id AND (l.at > e.at OR (l.at = e.at AND "
                    + "l.id > e.id))) AND " + where + " ORDER BY e.at DESC, e.id DESC LIMIT " + limit;
        } else {
            if (after != null) {
                params.add(number(after));
                where += " AND j.id " + (sort == Sort.ID_DESC ? "<" : ">") + " $" + params.size();
            }
            sql = "SELECT " + COLUMNS + ", (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id) "
                    + "AS activity_at FROM procrastinate_jobs j WHERE " + where + " ORDER BY j.id "
                    + (sort == Sort.ID_DESC ? "DESC" : "ASC") + " LIMIT " + limit;
        }
        List<Row> rows = dashboard.connector().query(sql, params.toArray());
        if (rows.size() < limit) {
            return new Page(rows, null);
        }
        rows = rows.subList(0, dashboard.pageSize());
        Row last = rows.get(rows.size() - 1);
        String next = sort == Sort.TIME
                ? last.getInstant("activity_at").getEpochSecond() + "_" + last.getInstant("activity_at").getNano()
                        + "_" + last.getLong("event_id")
                : last.getLong("id").toString();
        return new Page(rows, next);
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad page cursor '" + text + "'", e);
        }
    }

    String html(Html.Frame frame, DashboardRequest request) {
        JobFilter filter = JobFilter.from(request::param);
        Sort sort = Sort.from(request.param("sort"));
        String after = request.param("after");
        Page page = load(filter, sort, after);
        String base = frame.base();
        StringBuilder body = new StringBuilder();
        filterForm(body, base, filter, sort);
        if (frame.actions()) {
            body.append("<p class=\"bulk\">On every job this filter matches: ");
            for (String action : BulkPage.ACTIONS.keySet()) {
                Map<String, String> params = new LinkedHashMap<>(filter.params());
                params.put("action", action);
                body.append("<a class=\"button ").append(Html.escape(action)).append("\" href=\"")
                        .append(Html.escape(base + "/bulk" + Html.query(params))).append("\">")
                        .append(Html.escape(BulkPage.ACTIONS.get(action).label())).append("</a> ");
            }
            body.append("</p>");
        }
        body.append(table(base, page.rows()).html());
        body.append("<nav class=\"pages\">");
        if (after != null) {
            Map<String, String> first = new LinkedHashMap<>(filter.params());
            first.put("sort", sort == Sort.ID_DESC ? null : sort.param());
            body.append("<a href=\"").append(Html.escape(base + "/jobs" + Html.query(first)))
                    .append("\">« first page</a> ");
        }
        if (page.next() != null) {
            Map<String, String> next = new LinkedHashMap<>(filter.params());
            next.put("sort", sort == Sort.ID_DESC ? null : sort.param());
            next.put("after", page.next());
            body.append("<a rel=\"next\" href=\"").append(Html.escape(base + "/jobs" + Html.query(next)))
                    .append("\">next page »</a>");
        }
        body.append("</nav>");
        Map<String, String> api = new LinkedHashMap<>(filter.params());
        api.put("sort", sort == Sort.ID_DESC ? null : sort.param());
        api.put("after", after);
        return Html.page(frame, "Jobs", base + "/api/jobs" + Html.query(api), body.toString());
    }

    Map<String, Object> json(DashboardRequest request) {
        Page page = load(JobFilter.from(request::param), Sort.from(request.param("sort")), request.param("after"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("updated", Format.time(dashboard.clock().instant()));
        out.put("tables", Map.of("jobs", table(request.basePath(), page.rows()).json()));
        return out;
    }

    private void filterForm(StringBuilder out, String base, JobFilter filter, Sort sort) {
        Map<String, String> values = filter.params();
        out.append("<form class=\"filters\" method=\"get\" action=\"").append(Html.escape(base + "/jobs")).append("\">");
        input(out, "queue", "Queue", values);
        input(out, "task", "Task", values);
        out.append("<label>Status <select name=\"status\"><option value=\"\">any</option>");
        for (JobStatus status : JobStatus.values()) {
            String value = status.dbValue();
            out.append("<option value=\"").append(value).append('"')
                    .append(value.equals(values.get("status")) ? " selected" : "").append('>').append(value)
                    .append("</option>");
        }
        out.append("</select></label>");
        input(out, "lock", "Lock", values);
        input(out, "queueing_lock", "Queueing lock", values);
        input(out, "id", "Id", values);
        input(out, "args", "Arguments contain", values);
        out.append("<label>Sort <select name=\"sort\">");
        for (Sort option : Sort.values()) {
            out.append("<option value=\"").append(option.param()).append('"')
                    .append(option == sort ? " selected" : "").append('>').append(Html.escape(option.label))
                    .append("</option>");
        }
        out.append("</select></label><button type=\"submit\">Filter</button> <a href=\"")
                .append(Html.escape(base + "/jobs")).append("\">clear</a></form>");
    }

    private static void input(StringBuilder out, String name, String label, Map<String, String> values) {
        out.append("<label>").append(Html.escape(label)).append(" <input type=\"text\" name=\"").append(name)
                .append("\" value=\"").append(Html.escape(values.getOrDefault(name, ""))).append("\"></label>");
    }

    static Table table(String base, List<Row> rows) {
        List<List<Cell>> cells = new ArrayList<>();
        for (Row row : rows) {
            long id = row.getLong("id");
            String status = row.getString("status");
            String args = row.getString("args");
            if (args.length() > ARGS_SHOWN) {
                args = args.substring(0, ARGS_SHOWN) + "…";
            }
            cells.add(List.of(Cell.link("#" + id, base + "/jobs/" + id),
                    Cell.text(row.getString("task_name")),
                    Cell.text(row.getString("queue_name")),
                    Cell.styled(status + (Boolean.TRUE.equals(row.getBoolean("abort_requested")) ? " (abort requested)"
                            : ""), "status status-" + status),
                    Cell.styled(row.getInteger("attempts"), "num"),
                    Cell.text(row.getString("lock")),
                    Cell.text(row.getString("queueing_lock")),
                    Cell.text(Format.time(row.getInstant("activity_at"))),
                    Cell.styled(args, "args")));
        }
        return new Table("jobs", List.of("id", "task", "queue", "status", "attempts", "lock", "queueing lock",
                "last event", "arguments"), cells, "No job matches this filter.");
    }
}
