package dev.procrastinate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every page and JSON endpoint over HTTP, on a real database filled by a real worker; read-only dashboard. */
@ExtendWith(PostgresExtension.class)
class DashboardPagesIntegrationTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB_LINK = Pattern.compile("href=\"/jobs/(\\d+)\"");

    private SampleQueue queue;
    private DashboardServer server;
    private Http http;

    @BeforeEach
    void start(TestDatabase database) {
        queue = new SampleQueue(database);
        server = DashboardServer.builder(Dashboard.builder(queue.app).pageSize(2).build()).port(0).start();
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        server.close();
        queue.close();
    }

    private String page(String path) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        return response.body();
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(response.body());
    }

    private static List<Long> jobIds(String page) {
        List<Long> ids = new ArrayList<>();
        Matcher matcher = JOB_LINK.matcher(page);
        while (matcher.find()) {
            ids.add(Long.parseLong(matcher.group(1)));
        }
        return ids;
    }

    private static long sum(JsonNode values) {
        return StreamSupport.stream(values.spliterator(), false).mapToLong(JsonNode::asLong).sum();
    }

    @Test
    void everyPageCarriesAStrictContentSecurityPolicyAndLoadsOnlyItsOwnScript() {
        for (String path : List.of("/", "/jobs", "/jobs/" + queue.failed, "/periodic", "/bulk?action=retry")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .as(path).startsWith("default-src 'self'");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.body()).as(path).contains("<script src=\"/static/dashboard.js\" defer></script>")
                    .doesNotContainPattern("<script>|<script [^s]|\\son[a-z]+=|http://|https://|javascript:");
        }
    }

    @Test
    void staticAssetsAreServedFromTheJarWithTheirTypes() {
        HttpResponse<String> js = http.get("/static/dashboard.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("textContent").doesNotContain("innerHTML");
        HttpResponse<String> css = http.get("/static/dashboard.css");
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(http.get("/static/other.js").statusCode()).isEqualTo(404);
    }

    @Test
    void overviewShowsJobsPerQueueAndStatusWorkersAndStalledJobs() {
        String overview = page("/");

        assertThat(overview).contains("data-table=\"queues\"", "href=\"/jobs?queue=emails&amp;status=succeeded\"",
                "data-field=\"total-succeeded\">3<", "data-field=\"total-failed\">1<", "data-field=\"total-todo\">2<",
                "data-field=\"total-doing\">1<", "#" + queue.workerId, "data-chart=\"throughput\"");
        assertThat(overview).contains("No stalled job.");
        queue.database.execute("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '5 minutes'");
        assertThat(page("/")).contains("href=\"/jobs/" + queue.doing + "\"").doesNotContain("No stalled job.");
    }

    @Test
    void overviewJsonCountsSucceededFailedAndRetriedPerMinuteAndPerHour() throws Exception {
        queue.app.jobManager().retryJob(queue.failed, RetryDecision.at(java.time.Instant.now()));

        JsonNode overview = json("/api/overview");

        JsonNode hour = overview.at("/charts/throughput/hour");
        assertThat(hour.get("labels")).hasSize(60);
        assertThat(sum(hour.get("succeeded"))).isEqualTo(3);
        assertThat(sum(hour.get("failed"))).isEqualTo(1);
        assertThat(sum(hour.get("retried"))).isEqualTo(1);
        JsonNode day = overview.at("/charts/throughput/day");
        assertThat(day.get("labels")).hasSize(24);
        assertThat(sum(day.get("succeeded"))).isEqualTo(3);
        assertThat(overview.at("/fields/total-todo").asText()).isEqualTo("3");
        assertThat(overview.at("/tables/queues/rows")).hasSize(4);
        assertThat(overview.at("/tables/workers/rows/0/3/t").asText()).isEqualTo("1");
    }

    @Test
    void settledMinutesAreReadOnceWhileTheOpenOnesAreReadOnEveryPoll() throws Exception {
        String event = "INSERT INTO procrastinate_events (job_id, type, at) VALUES (" + queue.emails.get(0)
                + ", 'succeeded', %s)";
        String halfAnHourAgo = "'" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .minus(java.time.Duration.ofMinutes(30)) + "'";
        queue.database.execute(String.format(event, halfAnHourAgo));
        assertThat(sum(json("/api/overview").at("/charts/throughput/hour/succeeded"))).isEqualTo(4);

        queue.database.execute(String.format(event, halfAnHourAgo));
        queue.database.execute(String.format(event, "now()"));

        JsonNode hour = json("/api/overview").at("/charts/throughput/hour/succeeded");
        assertThat(sum(hour)).as("the late row in a settled minute is not read again").isEqualTo(5);
    }

    @Test
    void jobsPageFiltersByQueueTaskStatusLockQueueingLockIdAndArgumentText() {
        assertThat(jobIds(page("/jobs?status=failed"))).containsExactly(queue.failed);
        assertThat(jobIds(page("/jobs?queue=images"))).containsExactly(queue.lockedImage, queue.image);
        assertThat(jobIds(page("/jobs?task=resize&lock=user-1"))).containsExactly(queue.lockedImage);
        assertThat(jobIds(page("/jobs?queueing_lock=q-1"))).containsExactly(queue.lockedImage);
        assertThat(jobIds(page("/jobs?id=" + queue.image))).containsExactly(queue.image);
        assertThat(jobIds(page("/jobs?args=USER1%40example"))).containsExactly(queue.emails.get(1));
        assertThat(jobIds(page("/jobs?args=%25"))).isEmpty();
        assertThat(jobIds(page("/jobs?args=alert(%27xss%27)"))).containsExactly(queue.failed);
        assertThat(jobIds(page("/jobs?args=%27%3B+DROP+TABLE+procrastinate_jobs%3B+--"))).isEmpty();
        assertThat(jobIds(page("/jobs?args=%5C%27%5C"))).isEmpty();
        assertThat(queue.database.queryForLong("SELECT count(*) FROM procrastinate_jobs")).isEqualTo(7);
        assertThat(page("/jobs?queue=nothing-here")).contains("No job matches this filter.");
    }

    @Test
    void jobsPagesFollowTheirKeysetCursorsThroughEveryJobOnceInEachSortOrder() {
        List<Long> all = new ArrayList<>(queue.emails);
        all.addAll(List.of(queue.failed, queue.image, queue.lockedImage, queue.doing));
        for (String sort : List.of("id_desc", "id_asc", "time")) {
            List<Long> seen = new ArrayList<>();
            String path = "/jobs?sort=" + sort;
            for (int pages = 0; path != null; pages++) {
                assertThat(pages).as("pages of %s", sort).isLessThan(10);
                String body = page(path);
                List<Long> ids = jobIds(body);
                assertThat(ids).hasSizeLessThanOrEqualTo(2);
                seen.addAll(ids);
                Matcher next = Pattern.compile("rel=\"next\" href=\"([^\"]+)\"").matcher(body);
                path = next.find() ? next.group(1).replace("&amp;", "&") : null;
            }
            assertThat(seen).as(sort).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
            if (sort.equals("id_desc")) {
                assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            } else if (sort.equals("id_asc")) {
                assertThat(seen).isSorted();
            } else {
                assertThat(seen.get(0)).as("latest event first").isEqualTo(queue.doing);
            }
        }
    }

    @Test
    void jobsJsonRefreshesTheSamePage() throws Exception {
        JsonNode jobs = json("/api/jobs?status=todo");

        assertThat(jobs.at("/tables/jobs/rows")).hasSize(2);
        assertThat(jobs.at("/tables/jobs/rows/0/0/h").asText()).isEqualTo("/jobs/" + queue.lockedImage);
    }

    @Test
    void failedJobPageShowsArgumentsTimelineAttemptsAndWhyItFailed() throws Exception {
        String job = page("/jobs/" + queue.failed);

        assertThat(job).contains("<h1>Job #" + queue.failed + "</h1>", "status-failed",
                "data-field=\"attempts\">1<", "&quot;amount&quot; : 12",
                ">deferred<", ">started<", ">failed<", "data-table=\"failures\"",
                "java.lang.IllegalStateException", "card declined &lt;script&gt;", "Stack trace of attempt 1")
                .doesNotContain("No details");
        JsonNode json = json("/api/jobs/" + queue.failed);
        assertThat(json.at("/fields/status").asText()).isEqualTo("failed");
        assertThat(json.at("/tables/failures/rows/0/4/t").asText()).isEqualTo(SampleQueue.FAILURE_MESSAGE);
        assertThat(json.at("/tables/events/rows")).hasSize(3);
    }

    @Test
    void withoutTheFailuresTableTheJobPageSaysNoDetails() {
        queue.database.execute("DROP TABLE procrastinate4j_job_failures CASCADE");

        assertThat(page("/jobs/" + queue.failed)).contains("No details: this database has no "
                + "procrastinate4j_job_failures table");
    }

    @Test
    void everyDatabaseValueIsEscapedOnEveryPage() throws Exception {
        queue.database.execute("INSERT INTO procrastinate_periodic_defers (task_name, periodic_id, defer_timestamp, "
                + "job_id) VALUES ('tick<script>', 'id<script>', 1, " + queue.failed + ")");
        for (String path : List.of("/", "/jobs?queue=payments", "/jobs?task=" + java.net.URLEncoder.encode(SampleQueue.EVIL_TASK,
                java.nio.charset.StandardCharsets.UTF_8), "/jobs/" + queue.failed, "/periodic",
                "/jobs?args=%3Cscript%3E", "/jobs?status=%3Cscript%3E")) {
            String body = http.get(path).body();
            assertThat(body).as(path).doesNotContain("<script>");
            if (!path.equals("/")) {
                assertThat(body).as(path).contains("&lt;script&gt;");
            }
        }
        assertThat(page("/jobs/" + queue.failed)).contains("charge&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;");
    }

    @Test
    void periodicPageShowsEachScheduleLastTickAndItsJob() throws Exception {
        long tick = 1_700_000_000L;
        long job = queue.app.workerStore().deferPeriodicJob(new JobToDefer("default", "cleanup", 0, null, null,
                "{\"timestamp\": " + tick + "}", null), "nightly", java.time.Instant.ofEpochSecond(tick))
                .orElseThrow();

        String periodic = page("/periodic");

        assertThat(periodic).contains(">cleanup<", ">nightly<", "2023-11-14 22:13:20 UTC",
                "href=\"/jobs/" + job + "\"", "status-todo");
        assertThat(json("/api/periodic").at("/tables/defers/rows/0/4/t").asText()).isEqualTo("#" + job);
    }

    @Test
    void unknownJobsPagesAndBadFiltersAnswerWithClearErrors() throws Exception {
        assertThat(http.get("/jobs/999999").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/jobs/999999").statusCode()).isEqualTo(404);
        assertThat(http.get("/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> badStatus = http.get("/jobs?status=exploded");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).contains("unknown status &#39;exploded&#39;; choose one of [todo, doing");
        HttpResponse<String> badId = http.get("/api/jobs?id=abc");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badId.body()).get("error").asText()).contains("job id must be a whole number");
        assertThat(http.get("/jobs?sort=sideways").body()).contains("choose id_desc, id_asc or time");
    }

    @Test
    void readOnlyDashboardOffersNoActionAndRefusesPosts() {
        String job = page("/jobs/" + queue.failed);
        assertThat(job).contains("read-only").doesNotContain("<form method=\"post\"");
        assertThat(page("/jobs")).doesNotContain("/bulk?");

        HttpResponse<String> post = http.post("/jobs/" + queue.failed + "/retry", java.util.Map.of("csrf", "x"));

        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.body()).contains("read-only");
        assertThat(queue.status(queue.failed)).hasToString("FAILED");
    }
}
