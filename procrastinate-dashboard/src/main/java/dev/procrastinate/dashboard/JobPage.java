package dev.procrastinate.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobFailure;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One job: its fields, arguments, events as a timeline, failure details, and the actions its status allows. */
final class JobPage {

    static final String NO_DETAILS = "No details: this database has no procrastinate4j_job_failures table, where the "
            + "Java schema tools and Flyway migrations keep each failure's cause.";
    private static final String FAILURES_PRESENT =
            "SELECT to_regclass('procrastinate4j_job_failures') IS NOT NULL AS present";
    private static final String WORKER = "SELECT last_heartbeat FROM procrastinate_workers WHERE id = $1";

    private final Dashboard dashboard;

    JobPage(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    private record Data(Job job, Table events, String waited, String ran, String worker, List<JobFailure> failures,
            Table failureTable) {
    }

    private Optional<Data> load(long id) {
        Optional<Job> found = dashboard.jobManager().getJob(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Job job = found.get();
        Instant now = dashboard.clock().instant();
        List<JobEvent> events = dashboard.jobManager().listEvents(id);
        List<List<Cell>> eventRows = new ArrayList<>();
        Instant deferred = null;
        Instant firstStart = null;
        Instant lastStart = null;
        Instant end = null;
        for (int i = 0; i < events.size(); i++) {
            JobEvent event = events.get(i);
            Instant next = i + 1 < events.size() ? events.get(i + 1).at() : null;
            String type = event.type().name().toLowerCase(java.util.Locale.ROOT);
            Duration lasted = event.at() == null ? null
                    : next != null ? Duration.between(event.at(), next)
                    : job.status().isFinished() ? null : Duration.between(event.at(), now);
            eventRows.add(List.of(Cell.styled(type, "event event-" + type), Cell.text(Format.time(event.at())),
                    Cell.text(lasted == null ? "" : Format.duration(lasted) + (next == null ? " so far" : ""))));
            switch (type) {
                case "deferred" -> deferred = deferred == null ? event.at() : deferred;
                case "started" -> {
                    firstStart = firstStart == null ? event.at() : firstStart;
                    lastStart = event.at();
                }
                case "succeeded", "failed", "aborted", "cancelled" -> end = event.at();
                default -> {
                }
            }
        }
        String waited = deferred != null && firstStart != null ? Format.duration(Duration.between(deferred, firstStart))
                : "";
        String ran = lastStart == null ? "" : end != null && !end.isBefore(lastStart)
                ? Format.duration(Duration.between(lastStart, end))
                : job.status() == JobStatus.DOING ? Format.duration(Duration.between(lastStart, now)) + " so far" : "";
        String worker = "";
        if (job.workerId() != null) {
            List<Row> rows = dashboard.connector().query(WORKER, job.workerId());
            worker = "#" + job.workerId() + (rows.isEmpty() ? " (gone)"
                    : ", last heartbeat " + Format.ago(rows.get(0).getInstant("last_heartbeat"), now));
        }
        List<JobFailure> failures = null;
        Table failureTable = null;
        if (Boolean.TRUE.equals(dashboard.connector().query(FAILURES_PRESENT).get(0).getBoolean("present"))) {
            failures = dashboard.jobManager().listFailures(id);
            List<List<Cell>> rows = new ArrayList<>();
            for (JobFailure failure : failures) {
                rows.add(List.of(Cell.styled(failure.attempt(), "num"), Cell.text(Format.time(failure.failedAt())),
                        Cell.text(failure.workerId() == null ? "" : "#" + failure.workerId()),
                        Cell.styled(failure.exceptionClass(), "exception"), Cell.styled(failure.message(), "message")));
            }
            failureTable = new Table("failures", List.of("attempt", "failed at", "worker", "exception", "message"),
                    rows, "No failure recorded for this job.");
        }
        Table eventTable = new Table("events", List.of("event", "at", "until the next event"), eventRows,
                "No event.");
        return Optional.of(new Data(job, eventTable, waited, ran, worker, failures, failureTable));
    }

    String html(Html.Frame frame, long id) {
        Optional<Data> loaded = load(id);
        if (loaded.isEmpty()) {
            return null;
        }
        Data data = loaded.get();
        Job job = data.job();
        String base = frame.base();
        StringBuilder body = new StringBuilder("<section class=\"job\"><dl class=\"fields\">");
        field(body, "status", "Status", job.status().dbValue() + (job.abortRequested() ? " (abort requested)" : ""),
                "status status-" + job.status().dbValue());
        field(body, "task", "Task", job.taskName(), null);
        field(body, "queue", "Queue", job.queueName(), null);
        field(body, "priority", "Priority", Integer.toString(job.priority()), null);
        field(body, "lock", "Lock", job.lock(), null);
        field(body, "queueing_lock", "Queueing lock", job.queueingLock(), null);
        field(body, "attempts", "Attempts", Integer.toString(job.attempts()), null);
        field(body, "scheduled_at", "Scheduled at", Format.time(job.scheduledAt()), null);
        field(body, "worker", "Worker", data.worker(), null);
        field(body, "waited", "Waited in queue", data.waited(), null);
        field(body, "ran", "Last run took", data.ran(), null);
        body.append("</dl>");
        if (frame.actions()) {
            body.append("<div class=\"actions\">");
            for (String action : Actions.allowed(job.status())) {
                body.append(Html.form(frame, base + "/jobs/" + id + "/" + action, Map.of(), Actions.label(action),
                        "button " + action, action.equals("delete") ? "Delete job #" + id + " and its history?" : null));
            }
            body.append("</div>");
        }
        body.append("</section><section><h2>Failures</h2>");
        if (data.failureTable() == null) {
            body.append("<p class=\"no-details\">").append(Html.escape(NO_DETAILS)).append("</p>");
        } else {
            body.append(data.failureTable().html());
            for (JobFailure failure : data.failures()) {
                if (failure.stackTrace() != null) {
                    body.append("<details><summary>Stack trace of attempt ").append(failure.attempt())
                            .append("</summary><pre class=\"trace\">").append(Html.escape(failure.stackTrace()))
                            .append("</pre></details>");
                }
            }
        }
        body.append("</section><section><h2>Arguments</h2><pre class=\"json\">").append(Html.escape(pretty(job)))
                .append("</pre></section><section><h2>Timeline</h2>").append(data.events().html());
        body.append("</section>");
        return Html.page(frame, "Job #" + id, base + "/api/jobs/" + id, body.toString());
    }

    Map<String, Object> json(long id, String base) {
        Optional<Data> loaded = load(id);
        if (loaded.isEmpty()) {
            return null;
        }
        Data data = loaded.get();
        Job job = data.job();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", job.status().dbValue() + (job.abortRequested() ? " (abort requested)" : ""));
        fields.put("attempts", Integer.toString(job.attempts()));
        fields.put("worker", data.worker());
        fields.put("waited", data.waited());
        fields.put("ran", data.ran());
        Map<String, Object> tables = new LinkedHashMap<>();
        tables.put("events", data.events().json());
        if (data.failureTable() != null) {
            tables.put("failures", data.failureTable().json());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("updated", Format.time(dashboard.clock().instant()));
        out.put("fields", fields);
        out.put("tables", tables);
        return out;
    }

    private static void field(StringBuilder out, String key, String label, String value, String cssClass) {
        out.append("<dt>").append(Html.escape(label)).append("</dt><dd data-field=\"").append(Html.escape(key))
                .append('"');
        if (cssClass != null) {
            out.append(" class=\"").append(Html.escape(cssClass)).append('"');
        }
        out.append('>').append(Html.escape(value == null || value.isEmpty() ? "—" : value)).append("</dd>");
    }

    private String pretty(Job job) {
        try {
            return dashboard.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(dashboard.mapper().readTree(job.argsJson()));
        } catch (JsonProcessingException e) {
            return job.argsJson();
        }
    }
}
