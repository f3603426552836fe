package dev.procrastinate.dashboard;

import dev.procrastinate.api.Row;
import dev.procrastinate.core.periodic.PeriodicTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code procrastinate_periodic_defers} records (each schedule's last tick and its job), and this app's schedules. */
final class PeriodicPage {

    private static final String DEFERS = "SELECT d.task_name, d.periodic_id, d.defer_timestamp, d.job_id, "
            + "j.status::text AS status FROM procrastinate_periodic_defers d "
            + "LEFT JOIN procrastinate_jobs j ON j.id = d.job_id "
            + "ORDER BY d.task_name, d.periodic_id, d.defer_timestamp DESC NULLS LAST LIMIT 1000";

    private final Dashboard dashboard;

    PeriodicPage(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    String html(Html.Frame frame) {
        StringBuilder body = new StringBuilder("<section><h2>Last ticks</h2>").append(defers(frame.base()).html())
                .append("</section>");
        if (!dashboard.periodicTasks().isEmpty()) {
            body.append("<section><h2>Schedules of this app</h2>").append(schedules().html()).append("</section>");
        }
        return Html.page(frame, "Periodic tasks", frame.base() + "/api/periodic", body.toString());
    }

    Map<String, Object> json(String base) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("updated", Format.time(dashboard.clock().instant()));
        out.put("tables", Map.of("defers", defers(base).json()));
        return out;
    }

    private Table defers(String base) {
        Instant now = dashboard.clock().instant();
        List<List<Cell>> rows = new ArrayList<>();
        for (Row row : dashboard.connector().query(DEFERS)) {
            Long tick = row.getLong("defer_timestamp");
            Long job = row.getLong("job_id");
            Instant at = tick == null ? null : Instant.ofEpochSecond(tick);
            rows.add(List.of(Cell.text(row.getString("task_name")), Cell.text(row.getString("periodic_id")),
                    Cell.text(Format.time(at)), Cell.text(Format.ago(at, now)),
                    job == null ? Cell.text("") : Cell.link("#" + job, base + "/jobs/" + job),
                    Cell.styled(row.getString("status"), row.getString("status") == null ? null
                            : "status status-" + row.getString("status"))));
        }
        return new Table("defers", List.of("task", "periodic id", "last tick", "age", "job", "job status"), rows,
                "No periodic job deferred yet.");
    }

    private Table schedules() {
        Instant now = dashboard.clock().instant();
        List<List<Cell>> rows = new ArrayList<>();
        for (PeriodicTask task : dashboard.periodicTasks()) {
            rows.add(List.of(Cell.text(task.taskName()), Cell.text(task.periodicId()),
                    Cell.text(task.schedule().expression()), Cell.text(task.schedule().zone()),
                    Cell.text(task.schedule().next(now).map(Format::time).orElse("never"))));
        }
        return new Table("schedules", List.of("task", "periodic id", "cron", "time zone", "next tick"), rows, "");
    }
}
