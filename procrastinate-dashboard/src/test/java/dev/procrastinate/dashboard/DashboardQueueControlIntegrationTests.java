package dev.procrastinate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The overview's pause and resume buttons over HTTP, as POSTs with the CSRF token. */
@ExtendWith(PostgresExtension.class)
class DashboardQueueControlIntegrationTests {

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

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        return response.headers().firstValue("Location").orElseThrow();
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
