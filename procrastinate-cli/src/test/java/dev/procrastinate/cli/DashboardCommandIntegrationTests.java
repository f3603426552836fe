package dev.procrastinate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code procrastinate dashboard} run from the packaged jar, as an operator runs it. */
@ExtendWith(PostgresExtension.class)
class DashboardCommandIntegrationTests {

    private static final Pattern URL = Pattern.compile("Dashboard on (http://127\\.0\\.0\\.1:\\d+/)");

    private Map<String, String> env;

    @BeforeEach
    void setUp(TestDatabase database) throws Exception {
        env = Map.of("PROCRASTINATE_DATABASE_URL", database.postgresUrl());
        assertThat(Cli.run(env, "schema", "--apply").exit()).isZero();
    }

    @Test
    void servesTheQueueOnLoopbackReadOnlyUntilTerminated() throws Exception {
        String id = Cli.run(env, "defer", "--unknown", "--queue", "mail", "send<b>", "{\"to\": \"a@b.c\"}").out()
                .strip();
        Cli.Running running = Cli.start(env, "dashboard", "--port", "0");
        try {
            String[] url = new String[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Matcher matcher = URL.matcher(running.outSoFar());
                url[0] = matcher.find() ? matcher.group(1) : null;
                return url[0] != null || !running.process().isAlive();
            });
            assertThat(url[0]).as("stdout: %s", running.outSoFar()).isNotNull();
            assertThat(running.outSoFar()).contains("(read-only)");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> jobs = client.send(HttpRequest.newBuilder(URI.create(url[0] + "jobs?queue=mail"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(jobs.statusCode()).isEqualTo(200);
            assertThat(jobs.body()).contains("href=\"/jobs/" + id + "\"", "send&lt;b&gt;");
        } finally {
            running.process().destroy();
        }
        running.finish(30);
    }

    @Test
    void refusesToListenOnAllAddressesWithoutCredentials() throws Exception {
        Cli.Result result = Cli.run(env, "dashboard", "--port", "0", "--bind", "0.0.0.0");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("procrastinate: error: refusing to serve the dashboard on 0.0.0.0 "
                + "without authentication").doesNotContain("\n");
    }
}
