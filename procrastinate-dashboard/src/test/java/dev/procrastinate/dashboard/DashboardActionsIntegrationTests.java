package dev.procrastinate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.core.worker.WorkerOptions;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retry, cancel, abort, delete, bulk and queue pause/resume actions over HTTP, as POSTs with the CSRF token. */
@ExtendWith(PostgresExtension.class)
class DashboardActionsIntegrationTests {

    private SampleQueue queue;
    private DashboardServer server;
    private Http http;

    @BeforeEach
    void start(TestDatabase database) {
        queue = new SampleQueue(database);
        server = DashboardServer.builder(Dashboard.builder(queue.app).actionsEnabled(true).build()).port(0).start();
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        server.close();
        queue.close();
    }

    private HttpResponse<String> act(long id, String action) {
        return http.submit("/jobs/" + id, "/jobs/" + id + "/" + action, Map.of());
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        return response.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void retryPutsAFailedJobBackToTodoAndReturnsToItsPage() {
        assertThat(http.get("/jobs/" + queue.failed).body()).contains("/jobs/" + queue.failed + "/retry\"",
                "/jobs/" + queue.failed + "/delete\"").doesNotContain("/cancel\"");

        String location = location(act(queue.failed, "retry"));

        assertThat(location).isEqualTo("/jobs/" + queue.failed + "?done=retried+job+%23" + queue.failed);
        assertThat(queue.status(queue.failed)).isEqualTo(JobStatus.TODO);
        assertThat(http.get(location).body()).contains("retried job #" + queue.failed, ">retried<");
    }

    @Test
    void cancelMakesAWaitingJobCancelled() {
        location(act(queue.image, "cancel"));

        assertThat(queue.status(queue.image)).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void abortRequestsTheAbortOfARunningJob() {
        location(act(queue.doing, "abort"));

        assertThat(queue.app.jobManager().getJob(queue.doing).orElseThrow().abortRequested()).isTrue();
        assertThat(http.get("/jobs/" + queue.doing).body()).contains("doing (abort requested)");
    }

    @Test
    void deleteRemovesAFinishedJobAndReturnsToTheJobs() {
        long succeeded = queue.emails.get(0);

        assertThat(location(act(succeeded, "delete"))).startsWith("/jobs?done=deleted+job");

        assertThat(queue.app.jobManager().getJob(succeeded)).isEmpty();
        assertThat(http.get("/jobs/" + succeeded).statusCode()).isEqualTo(404);
    }

    @Test
    void anActionTheStatusDoesNotAllowChangesNothingAndSaysWhy() {
        long succeeded = queue.emails.get(0);

        String location = location(http.submit("/jobs/" + succeeded, "/jobs/" + succeeded + "/retry", Map.of()));

        assertThat(queue.status(succeeded)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(http.get(location).body()).contains("is succeeded: retry applies only to [failed] jobs");
    }

    @Test
    void aPostWithoutTheCsrfTokenOrWithAWrongOneIsRefused() {
        HttpResponse<String> missing = http.post("/jobs/" + queue.failed + "/retry", Map.of());
        HttpResponse<String> wrong = http.post("/jobs/" + queue.failed + "/retry", Map.of("csrf", "forged"));

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("CSRF token is missing or out of date");
        assertThat(queue.status(queue.failed)).isEqualTo(JobStatus.FAILED);
        assertThat(http.get("/jobs/" + queue.failed + "/retry").statusCode()).as("GET never acts").isEqualTo(404);
    }

    @Test
    void bulkRetryConfirmsHowManyJobsItTouchesThenRetriesEveryFailedJobOfTheTask() {
        List<Long> failed = new ArrayList<>(List.of(queue.failed));
        for (int i = 0; i < 4; i++) {
            failed.add(queue.app.defer(SampleQueue.EVIL_TASK, Map.of("n", i)));
        }
        queue.app.runWorker(WorkerOptions.builder().queues("payments").waitForJobs(false).installSignalHandlers(false)
                .build());
        String filter = "task=" + java.net.URLEncoder.encode(SampleQueue.EVIL_TASK, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(http.get("/jobs?" + filter).body()).contains("href=\"/bulk?task=charge%3Cscript%3E");

        String confirm = http.get("/bulk?action=retry&" + filter).body();

        assertThat(confirm).contains("This will <strong>retry</strong> <strong data-field=\"count\">5</strong> jobs "
                + "(status failed) matching: task = charge&lt;script&gt;", "Retry failed: 5 jobs");
        String location = location(http.submit("/bulk?action=retry&" + filter, "/bulk",
                Map.of("action", "retry", "task", SampleQueue.EVIL_TASK)));
        assertThat(location).contains("done=retry%3A+5+jobs");
        failed.forEach(id -> assertThat(queue.status(id)).isEqualTo(JobStatus.TODO));
        assertThat(queue.status(queue.emails.get(0))).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void bulkCancelTouchesOnlyTheWaitingJobsOfTheQueue() {
        assertThat(http.get("/bulk?action=cancel&queue=images").body()).contains(">2</strong> jobs (status todo)");

        location(http.submit("/bulk?action=cancel&queue=images", "/bulk", Map.of("action", "cancel",
                "queue", "images")));

        assertThat(queue.status(queue.image)).isEqualTo(JobStatus.CANCELLED);
        assertThat(queue.status(queue.lockedImage)).isEqualTo(JobStatus.CANCELLED);
        assertThat(queue.status(queue.doing)).isEqualTo(JobStatus.DOING);
    }

    @Test
    void bulkDeleteOfSucceededJobsLeavesTheOthers() {
        assertThat(http.get("/bulk?action=delete&status=succeeded").body()).contains(">3</strong> jobs");

        location(http.submit("/bulk?action=delete&status=succeeded", "/bulk", Map.of("action", "delete",
                "status", "succeeded")));

        queue.emails.forEach(id -> assertThat(queue.app.jobManager().getJob(id)).isEmpty());
        assertThat(queue.status(queue.failed)).isEqualTo(JobStatus.FAILED);
        assertThat(queue.status(queue.image)).isEqualTo(JobStatus.TODO);
    }

    @Test
    void aBulkFilterThatMatchesNoJobOffersNoButton() {
        String confirm = http.get("/bulk?action=abort&queue=images").body();

        assertThat(confirm).contains(">0</strong> jobs").doesNotContain("<form method=\"post\"");
    }

    @Test
    void thePauseButtonPausesTheQueueAndTheResumeButtonResumesIt() {
        assertThat(http.get("/").body()).contains("<h2>Queue control</h2>", "<tr data-queue=\"images\">",
                "action=\"/queues/pause\"");

        String paused = location(http.submit("/", "/queues/pause", Map.of("queue", "images")));

        assertThat(paused).isEqualTo("/?done=paused+queue+images");
        assertThat(queue.app.jobManager().listQueueControls())
                .containsExactly(new QueueControl("images", true, QueueLimits.NONE));
        String page = http.get(paused).body();
        assertThat(page).contains("paused queue images", "action=\"/queues/resume\"");

        assertThat(location(http.submit("/", "/queues/resume", Map.of("queue", "images"))))
                .isEqualTo("/?done=resumed+queue+images");
        assertThat(queue.app.jobManager().listQueueControls()).isEmpty();
    }

    @Test
    void aLimitedQueueShowsItsLimitsAndAFormWithoutQueueIsABadRequest() {
        queue.app.jobManager().setQueueLimits("emails", QueueLimits.maxRunning(5).withMaxRunningPerKey(2));

        assertThat(http.get("/").body()).contains("5 running, 2 running per key");
        HttpResponse<String> missing = http.submit("/", "/queues/pause", Map.of());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("send the field &#39;queue&#39;");
    }

    @Test
    void aReadOnlyDashboardShowsNoButtonAndRefusesThePost() {
        try (DashboardServer readOnly = DashboardServer.builder(Dashboard.builder(queue.app).build()).port(0)
                .start()) {
            Http plain = new Http(readOnly);
            assertThat(plain.get("/").body()).contains("<h2>Queue control</h2>")
                    .doesNotContain("action=\"/queues/pause\"");
            assertThat(plain.post("/queues/pause", Map.of("queue", "images")).statusCode()).isEqualTo(403);
        }
        assertThat(queue.app.jobManager().listQueueControls()).isEmpty();
    }
}
