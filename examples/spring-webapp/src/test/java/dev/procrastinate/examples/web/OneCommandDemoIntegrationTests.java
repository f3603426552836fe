package dev.procrastinate.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's one command, as a user runs it: the executable jar with no database given starts an embedded
 * PostgreSQL, the web app, and a worker process; an order posted over HTTP is confirmed by that other process.
 */
class OneCommandDemoIntegrationTests {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Path JAR = Path.of("target", "spring-webapp.jar");

    private Process web;

    /** After a failure: no worker, database or web process left behind. */
    @AfterEach
    void stop() throws InterruptedException {
        if (web != null && web.isAlive()) {
            web.descendants().forEach(ProcessHandle::destroyForcibly);
            web.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theJarAloneStartsADatabaseAndAWorkerProcessThatConfirmsAnOrderPostedOverHttp() throws Exception {
        assertThat(JAR).as("built by the package phase").exists();
        Path log = Files.createTempFile("spring-webapp-demo", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        web = new ProcessBuilder(java, "-jar", JAR.toString(), "--server.port=0",
                "--demo.postgres-port=" + freePort()).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        Pattern started = Pattern.compile("Tomcat started on port (\\d+)");
        await().atMost(DEADLINE).until(() -> started.matcher(read(log)).find());
        Matcher port = started.matcher(read(log));
        assertThat(port.find()).isTrue();
        String base = "http://localhost:" + port.group(1);
        await().atMost(DEADLINE).until(() -> read(log).contains("worker 'spring-worker' (id"));
        List<ProcessHandle> workers = web.descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("--spring.profiles.active=worker")).toList();
        assertThat(workers).hasSize(1);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> placed = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"tea\",\"quantity\":2}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(placed.statusCode()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(placed.body());
        assertThat(id.find()).isTrue();

        await().atMost(DEADLINE).until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/orders/"
                + id.group(1))).build(), HttpResponse.BodyHandlers.ofString()).body()
                .contains("\"status\":\"CONFIRMED\""));
        assertThat(read(log)).contains("order " + id.group(1) + " (2 x tea) confirmed");

        web.destroy();
        assertThat(web.waitFor(60, TimeUnit.SECONDS)).as("the web app stops on SIGTERM").isTrue();
        await().atMost(DEADLINE).until(() -> workers.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
