package dev.procrastinate.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.JobStatus;
import dev.procrastinate.core.App;
import dev.procrastinate.core.TestApps;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SignalIntegrationTests {

    @Test
    void sigtermLetsTheRunningJobFinishThenTheWorkerExitsCleanly(TestDatabase database) throws Exception {
        try (App app = TestApps.withSchema(database)) {
            long id = app.configureTask("slow").defer(Map.of());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path output = Files.createTempFile("procrastinate-signal", ".log");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    SignalWorkerMain.class.getName(), database.jdbcUrl(), database.user())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).contains("started " + id));

                process.destroy();

                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("worker exited; output: %s", lines(output))
                        .isTrue();
                assertThat(process.exitValue()).as("exit code; output: %s", lines(output)).isZero();
                assertThat(lines(output)).contains("finished " + id, "worker stopped");
                assertThat(app.jobManager().getJob(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(database.queryForLong("SELECT count(*) FROM procrastinate_workers")).isZero();
            } finally {
                process.destroyForcibly();
                Files.deleteIfExists(output);
            }
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
