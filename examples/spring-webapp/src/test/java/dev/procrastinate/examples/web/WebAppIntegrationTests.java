package dev.procrastinate.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seed's scenario in one JVM: the web app and the worker (profile {@code worker}, web server kept on) share a fresh
 * PostgreSQL database; the schemas come from Flyway at start-up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=servlet", "procrastinate.worker.fetch-job-polling-interval=1s"})
@ActiveProfiles("worker")
class WebAppIntegrationTests {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final TestDatabase DATABASE = TestDatabase.create();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::jdbcUrl);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("spring.datasource.password", () -> DATABASE.password() == null ? "" : DATABASE.password());
    }

    @LocalServerPort
    private int port;

    @Autowired
    private ShopOrderRepository orders;

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long number(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertThat(matcher.find()).as(field + " in " + json).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void anOrderPostedOverHttpIsConfirmedByTheJobItDeferred() throws Exception {
        HttpResponse<String> response = post("/orders", "{\"item\":\"tea\",\"quantity\":2}");
        assertThat(response.statusCode()).isEqualTo(201);
        long orderId = number(response.body(), "id");
        long jobId = number(response.body(), "jobId");

        await().atMost(DEADLINE).until(() -> orders.findById(orderId).orElseThrow().getStatus().equals("CONFIRMED"));
        assertThat(get("/orders/" + orderId)).contains("\"status\":\"CONFIRMED\"");
        assertThat(DATABASE.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE id = " + jobId
                + " AND task_name = 'confirm_order' AND status = 'succeeded'")).isEqualTo(1);
        assertThat(get("/admin/jobs")).contains("\"task\":\"confirm_order\"");
    }

    @Test
    void theDashboardIsMountedAtItsPathAndListsTheOrdersJobs() throws Exception {
        long orderId = number(post("/orders", "{\"item\":\"jam\",\"quantity\":3}").body(), "id");
        await().atMost(DEADLINE).until(() -> orders.findById(orderId).orElseThrow().getStatus().equals("CONFIRMED"));

        assertThat(get("/procrastinate/")).contains("<title>Overview");
        assertThat(get("/procrastinate/jobs?task=confirm_order&status=succeeded")).contains("confirm_order");
    }

    @Test
    void aRolledBackOrderLeavesNeitherTheOrderNorItsJob() throws Exception {
        long jobsBefore = DATABASE.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE task_name = "
                + "'confirm_order'");
        long ordersBefore = orders.count();

        HttpResponse<String> response = post("/orders", "{\"item\":\"cake\",\"quantity\":0}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(orders.count()).isEqualTo(ordersBefore);
        assertThat(DATABASE.queryForLong("SELECT count(*) FROM procrastinate_jobs WHERE task_name = "
                + "'confirm_order'")).isEqualTo(jobsBefore);
    }

    @Test
    void theHealthEndpointReportsTheQueueSchemaAndRunningWorker() throws Exception {
        await().atMost(DEADLINE).until(() -> get("/actuator/health").contains("\"workerId\""));
        String health = get("/actuator/health");
        assertThat(health).contains("\"procrastinate\":{\"details\":{").contains("\"schema\":\"3.9\"")
                .contains("\"worker\":\"running\"").contains("\"listening\":true");
        assertThat(health).startsWith("{\"components\"").endsWith("\"status\":\"UP\"}");
    }

    @Test
    void theMetricsEndpointCountsDeferredAndSucceededJobs() throws Exception {
        long orderId = number(post("/orders", "{\"item\":\"scone\",\"quantity\":1}").body(), "id");
        await().atMost(DEADLINE).until(() -> orders.findById(orderId).orElseThrow().getStatus().equals("CONFIRMED"));

        await().atMost(DEADLINE).until(() -> get("/actuator/metrics/procrastinate.jobs.succeeded"
                + "?tag=task:confirm_order").contains("\"statistic\":\"COUNT\""));
        assertThat(get("/actuator/metrics/procrastinate.jobs.deferred?tag=task:confirm_order"))
                .contains("\"statistic\":\"COUNT\"");
        assertThat(get("/actuator/metrics/procrastinate.jobs.duration?tag=outcome:succeeded"))
                .contains("\"statistic\":\"TOTAL_TIME\"");
    }
}
