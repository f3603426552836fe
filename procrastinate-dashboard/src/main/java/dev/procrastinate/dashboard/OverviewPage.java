package dev.procrastinate.dashboard;

import dev.procrastinate.api.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Jobs per queue and status, throughput from the events, workers, stalled jobs. */
final class OverviewPage {

    static final List<String> STATUSES = List.of("todo", "doing", "succeeded", "failed", "cancelled", "aborted");
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("dd HH:00", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final String COUNTS = "SELECT queue_name, status::text AS status, count(*) AS n "
            + "FROM procrastinate_jobs GROUP BY queue_name, status ORDER BY queue_name";
    private static final String WORKERS = "SELECT w.id, w.last_heartbeat, (SELECT count(*) FROM procrastinate_jobs j "
            + "WHERE j.worker_id = w.id AND j.status = 'doing') AS running FROM procrastinate_workers w ORDER BY w.id";
    private static final String STALLED = "SELECT j.id, j.queue_name, j.task_name, j.worker_id, w.last_heartbeat "
            + "FROM procrastinate_jobs j LEFT JOIN procrastinate_workers w ON w.id = j.worker_id "
            + "WHERE j.status = 'doing' AND (w.id IS NULL OR w.last_heartbeat < $1) ORDER BY j.id LIMIT 100";

    private final Dashboard dashboard;
    private final Throughput hour = new Throughput(Duration.ofMinutes(1), 60, MINUTE);
    private final Throughput day = new Throughput(Duration.ofHours(1), 24, HOUR);

    OverviewPage(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    String html(Html.Frame frame) {
        Data data = load(frame.base());
        StringBuilder body = new StringBuilder("<section class=\"cards\">");
        data.totals.forEach((status, count) -> body.append("<a class=\"card status-").append(Html.escape(status))
                .append("\" href=\"").append(Html.escape(frame.base() + "/jobs?status=" + Html.url(status)))
                .append("\"><span class=\"count\" data-field=\"total-").append(Html.escape(status)).append("\">")
                .append(count).append("</span><span class=\"label\">").append(Html.escape(status))
                .append("</span></a>"));
        body.append("</section><section><h2>Throughput</h2><div class=\"chart-controls\" role=\"group\">")
                .append("<button type=\"button\" data-range=\"hour\" aria-pressed=\"true\">last hour, per minute</button>")
                .append("<button type=\"button\" data-range=\"day\" aria-pressed=\"false\">last day, per hour</button>")
                .append("</div><div class=\"chart\" data-chart=\"throughput\" data-series=\"")
                .append(Html.escape(dashboard.json(data.throughput))).append("\" role=\"img\" ")
                .append("aria-label=\"succeeded, failed and retried jobs over time\"></div></section>")
                .append("<section><h2>Queues</h2>").append(data.queues.html()).append("</section>")
                .append(QueueControlSection.html(frame, dashboard))
                .append("<section class=\"split\"><div><h2>Workers</h2>").append(data.workers.html())
                .append("</div><div><h2>Stalled jobs</h2><p class=\"hint\">Running jobs whose worker sent no heartbeat ")
                .append("for ").append(Html.escape(Format.duration(dashboard.stalledAfter()))).append(".</p>")
                .append(data.stalled.html()).append("</div></section>");
        return Html.page(frame, "Overview", frame.base() + "/api/overview", body.toString());
    }

    Map<String, Object> json(String base) {
        Data data = load(base);
        Map<String, Object> fields = new LinkedHashMap<>();
        data.totals.forEach((status, count) -> fields.put("total-" + status, count.toString()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("updated", Format.time(dashboard.clock().instant()));
        out.put("fields", fields);
        out.put("tables", Map.of("queues", data.queues.json(), "workers", data.workers.json(),
                "stalled", data.stalled.json()));
        out.put("charts", Map.of("throughput", data.throughput));
        return out;
    }

    private record Data(Map<String, Long> totals, Table queues, Map<String, Object> throughput, Table workers,
            Table stalled) {
    }

    private Data load(String base) {
        Instant now = dashboard.clock().instant();
        Map<String, Long> totals = new LinkedHashMap<>();
        STATUSES.forEach(status -> totals.put(status, 0L));
        Map<String, Map<String, Long>> perQueue = new TreeMap<>();
        for (Row row : dashboard.connector().query(COUNTS)) {
            String status = row.getString("status");
            long n = row.getLong("n");
            totals.merge(status, n, Long::sum);
            perQueue.computeIfAbsent(row.getString("queue_name"), q -> new LinkedHashMap<>()).merge(status, n,
                    Long::sum);
        }
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("hour", hour.series(dashboard.connector(), now));
        throughput.put("day", day.series(dashboard.connector(), now));
        return new Data(totals, queues(base, perQueue), throughput, workers(now), stalled(base, now));
    }

    private Table queues(String base, Map<String, Map<String, Long>> perQueue) {
        List<String> headers = new ArrayList<>(List.of("queue"));
        headers.addAll(STATUSES);
        headers.add("total");
        List<List<Cell>> rows = new ArrayList<>();
        perQueue.forEach((queue, counts) -> {
            List<Cell> row = new ArrayList<>();
            String queueJobs = base + "/jobs?queue=" + Html.url(queue);
            row.add(Cell.link(queue, queueJobs));
            long total = 0;
            for (String status : STATUSES) {
                long n = counts.getOrDefault(status, 0L);
                total += n;
                row.add(n == 0 ? Cell.styled("0", "num zero")
                        : new Cell(Long.toString(n), queueJobs + "&status=" + status, "num status-" + status));
            }
            total += counts.entrySet().stream().filter(e -> !STATUSES.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            row.add(Cell.styled(total, "num"));
            rows.add(row);
        });
        return new Table("queues", headers, rows, "No jobs in any queue.");
    }

    private Table workers(Instant now) {
        List<List<Cell>> rows = new ArrayList<>();
        for (Row row : dashboard.connector().query(WORKERS)) {
            Instant heartbeat = row.getInstant("last_heartbeat");
            boolean late = heartbeat.isBefore(now.minus(dashboard.stalledAfter()));
            rows.add(List.of(Cell.text("#" + row.getLong("id")), Cell.text(Format.time(heartbeat)),
                    Cell.styled(Format.ago(heartbeat, now), late ? "late" : null),
                    Cell.styled(row.getLong("running"), "num")));
        }
        return new Table("workers", List.of("worker", "last heartbeat", "age", "running jobs"), rows,
                "No worker registered.");
    }

    private Table stalled(String base, Instant now) {
        List<List<Cell>> rows = new ArrayList<>();
        for (Row row : dashboard.connector().query(STALLED, now.minus(dashboard.stalledAfter()))) {
            long id = row.getLong("id");
            Long worker = row.getLong("worker_id");
            Instant heartbeat = row.getInstant("last_heartbeat");
            rows.add(List.of(Cell.link("#" + id, base + "/jobs/" + id), Cell.text(row.getString("queue_name")),
                    Cell.text(row.getString("task_name")), Cell.text(worker == null ? "none" : "#" + worker),
                    Cell.text(heartbeat == null ? "gone" : Format.ago(heartbeat, now))));
        }
        return new Table("stalled", List.of("job", "queue", "task", "worker", "last heartbeat"), rows,
                "No stalled job.");
    }
}
