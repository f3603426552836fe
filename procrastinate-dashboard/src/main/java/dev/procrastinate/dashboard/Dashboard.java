package dev.procrastinate.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.core.App;
import dev.procrastinate.core.job.SqlJobManager;
import dev.procrastinate.core.periodic.PeriodicTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's pages, independent of the server that carries them: {@link #handle} turns a request into a
 * response. {@link DashboardServer} serves it with the JDK's HTTP server; the Spring Boot starter mounts it as a
 * servlet. Thread-safe.
 *
 * <p>Reads go through the connector's SQL; actions (retry, cancel, abort, delete) through the {@link JobManager} and
 * only when {@link Builder#actionsEnabled(boolean) enabled}, as POSTs carrying the dashboard's CSRF token.
 *
 * <pre>{@code
 * Dashboard dashboard = Dashboard.builder(app).actionsEnabled(true).build();
 * try (DashboardServer server = DashboardServer.builder(dashboard).port(8480).start()) { … }
 * }</pre>
 */
public final class Dashboard {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final Pattern JOB = Pattern.compile("/(api/)?jobs/(\\d{1,18})");
    private static final Pattern JOB_ACTION = Pattern.compile("/jobs/(\\d{1,18})/(retry|cancel|abort|delete)");

    private final Connector connector;
    private final JobManager jobManager;
    private final Clock clock;
    private final boolean actionsEnabled;
    private final Duration stalledAfter;
    private final int pageSize;
    private final List<PeriodicTask> periodicTasks;
    private final Csrf csrf = new Csrf();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, byte[]> assets = new LinkedHashMap<>();
    private final OverviewPage overview = new OverviewPage(this);
    private final JobsPage jobs = new JobsPage(this);
    private final JobPage job = new JobPage(this);
    private final BulkPage bulk = new BulkPage(this);
    private final PeriodicPage periodic = new PeriodicPage(this);

    private Dashboard(Builder builder) {
        this.connector = builder.connector;
        this.jobManager = builder.jobManager != null ? builder.jobManager : new SqlJobManager(builder.connector);
        this.clock = builder.clock;
        this.actionsEnabled = builder.actionsEnabled;
        this.stalledAfter = builder.stalledAfter;
        this.pageSize = builder.pageSize;
        this.periodicTasks = List.copyOf(builder.periodicTasks);
        assets.put("/static/dashboard.css", asset("dashboard.css"));
        assets.put("/static/dashboard.js", asset("dashboard.js"));
    }

    /** A dashboard on this app's connector, job manager, clock and periodic tasks. */
    public static Builder builder(App app) {
        Builder builder = new Builder(app.connector());
        builder.jobManager = app.jobManager();
        builder.clock = app.clock();
        builder.periodicTasks = app.periodicTasks();
        return builder;
    }

    /** A dashboard on this connector alone, with the SQL job manager. */
    public static Builder builder(Connector connector) {
        return new Builder(connector);
    }

    public boolean actionsEnabled() {
        return actionsEnabled;
    }

    /** Answers one request; never throws for bad input or database errors (they become 4xx/5xx pages). */
    public DashboardResponse handle(DashboardRequest request) {
        try {
            return route(request);
        } catch (IllegalArgumentException e) {
            return error(request, 400, "Bad request", e.getMessage());
        } catch (ProcrastinateException e) {
            LOG.warn("dashboard: {} {} failed: {}", request.method(), request.path(), e.toString());
            return error(request, 503, "Database error", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("dashboard: {} {} failed", request.method(), request.path(), e);
            return error(request, 500, "Internal error", e.toString());
        }
    }

    private DashboardResponse route(DashboardRequest request) {
        String path = request.path();
        byte[] asset = assets.get(path);
        if (asset != null) {
            return DashboardResponse.of(200, path.endsWith(".css") ? "text/css; charset=utf-8"
                    : "text/javascript; charset=utf-8", asset, Map.of("Cache-Control", "max-age=300"));
        }
        if (request.method().equals("POST")) {
            return post(request);
        }
        if (!request.method().equals("GET")) {
            return DashboardResponse.of(405, DashboardResponse.TEXT, "only GET and POST\n");
        }
        switch (path) {
            case "/", "/overview" -> {
                return html(overview.html(frame(request, "overview")));
            }
            case "/api/overview" -> {
                return json(overview.json(request.basePath()));
            }
            case "/jobs" -> {
                return html(jobs.html(frame(request, "jobs"), request));
            }
            case "/api/jobs" -> {
                return json(jobs.json(request));
            }
            case "/bulk" -> {
                return html(bulk.confirm(frame(request, "jobs"), request));
            }
            case "/periodic" -> {
                return html(periodic.html(frame(request, "periodic")));
            }
            case "/api/periodic" -> {
                return json(periodic.json(request.basePath()));
            }
            default -> {
            }
        }
        Matcher matcher = JOB.matcher(path);
        if (matcher.matches()) {
            long id = Long.parseLong(matcher.group(2));
            if (matcher.group(1) != null) {
                Map<String, Object> body = job.json(id, request.basePath());
                return body == null ? notFound(request, "job #" + id) : json(body);
            }
            String page = job.html(frame(request, "jobs"), id);
            return page == null ? notFound(request, "job #" + id) : html(page);
        }
        return notFound(request, path);
    }

    private DashboardResponse post(DashboardRequest request) {
        if (!actionsEnabled) {
            return error(request, 403, "Read-only", "this dashboard is read-only: actions are enabled with --actions "
                    + "(command line) or procrastinate.dashboard.actions-enabled=true (Spring Boot)");
        }
        if (!csrf.matches(request.field(Csrf.FIELD))) {
            return error(request, 403, "Forbidden", "the form's CSRF token is missing or out of date: reload the page "
                    + "and try again");
        }
        Matcher matcher = JOB_ACTION.matcher(request.path());
        if (matcher.matches()) {
            long id = Long.parseLong(matcher.group(1));
            String outcome = Actions.run(this, matcher.group(2), id);
            String target = matcher.group(2).equals("delete") && outcome.startsWith("deleted") ? "/jobs" : "/jobs/" + id;
            return DashboardResponse.redirect(request.basePath() + target + Html.query(Map.of("done", outcome)));
        }
        if (request.path().equals("/bulk")) {
            return DashboardResponse.redirect(request.basePath() + bulk.run(request));
        }
        if (request.path().equals(QueueControlSection.PAUSE) || request.path().equals(QueueControlSection.RESUME)) {
            String outcome = QueueControlSection.run(this, request.path(), request.field("queue"));
            return DashboardResponse.redirect(request.basePath() + "/" + Html.query(Map.of("done", outcome)));
        }
        return notFound(request, request.path());
    }

    private Html.Frame frame(DashboardRequest request, String section) {
        String done = request.param("done");
        return new Html.Frame(request.basePath(), section, actionsEnabled, csrf.token(), request.hiddenFields(), done);
    }

    private DashboardResponse notFound(DashboardRequest request, String what) {
        return error(request, 404, "Not found", "no such page or job: " + what);
    }

    private DashboardResponse error(DashboardRequest request, int status, String title, String message) {
        if (request.path().startsWith("/api/")) {
            return json(status, Map.of("error", message == null ? title : message));
        }
        String body = "<p class=\"error\">" + Html.escape(message) + "</p><p><a href=\""
                + Html.escape(request.basePath() + "/") + "\">Back to the overview</a></p>";
        return DashboardResponse.of(status, DashboardResponse.HTML,
                Html.page(new Html.Frame(request.basePath(), "", actionsEnabled, csrf.token(), request.hiddenFields(),
                        null), title, null, body));
    }

    private static DashboardResponse html(String page) {
        return DashboardResponse.of(200, DashboardResponse.HTML, page);
    }

    private DashboardResponse json(Map<String, Object> body) {
        return json(200, body);
    }

    private DashboardResponse json(int status, Map<String, Object> body) {
        try {
            return DashboardResponse.of(status, DashboardResponse.JSON, json.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard's JSON", e);
        }
    }

    private static byte[] asset(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset missing from the jar: static/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Connector connector() {
        return connector;
    }

    JobManager jobManager() {
        return jobManager;
    }

    Clock clock() {
        return clock;
    }

    Duration stalledAfter() {
        return stalledAfter;
    }

    int pageSize() {
        return pageSize;
    }

    List<PeriodicTask> periodicTasks() {
        return periodicTasks;
    }

    /** The JSON text of a value made of maps, lists, strings, numbers and arrays. */
    String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard's JSON", e);
        }
    }

    ObjectMapper mapper() {
        return json;
    }

    /** Builder: read-only, stalled after 30 s without heartbeat (the worker's default), 50 jobs a page, UTC clock. */
    public static final class Builder {
        private final Connector connector;
        private JobManager jobManager;
        private Clock clock = Clock.systemUTC();
        private boolean actionsEnabled;
        private Duration stalledAfter = Duration.ofSeconds(30);
        private int pageSize = 50;
        private List<PeriodicTask> periodicTasks = List.of();

        private Builder(Connector connector) {
            this.connector = Objects.requireNonNull(connector, "connector");
        }

        /** Whether retry, cancel, abort, delete and bulk actions are offered (default false: read-only). */
        public Builder actionsEnabled(boolean value) {
            this.actionsEnabled = value;
            return this;
        }

        /** How old a worker's heartbeat must be for its running jobs to show as stalled. */
        public Builder stalledAfter(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new ConfigurationException("dashboard stalledAfter must be a positive duration, got " + value);
            }
            this.stalledAfter = value;
            return this;
        }

        /** Jobs per page on the jobs page, 1 to 500. */
        public Builder pageSize(int value) {
            if (value < 1 || value > 500) {
                throw new ConfigurationException("dashboard pageSize must be between 1 and 500, got " + value);
            }
            this.pageSize = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public Builder jobManager(JobManager value) {
            this.jobManager = Objects.requireNonNull(value, "jobManager");
            return this;
        }

        /** Schedules to list on the periodic page beside what the database shows. */
        public Builder periodicTasks(List<PeriodicTask> value) {
            this.periodicTasks = List.copyOf(value);
            return this;
        }

        public Dashboard build() {
            return new Dashboard(this);
        }
    }
}
