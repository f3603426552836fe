package dev.procrastinate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.api.JobStatus;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: the chart draws, a filter leads to a failed job whose cause shows as
 * text, and its retry button works. Saves screenshots to {@code target/screenshots}, and the README's to
 * {@code docs/} when run with {@code -Dscreenshots.docs=true}.
 */
@ExtendWith(PostgresExtension.class)
class DashboardBrowserIntegrationTests {

    private static final Path SCREENSHOTS = Boolean.getBoolean("screenshots.docs") ? Path.of("..", "docs")
            : Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private SampleQueue queue;
    private DashboardServer server;
    private Path profile;
    private ChromeDriver browser;

    @BeforeEach
    void start(TestDatabase database) throws IOException {
        Browser.requireBrowser();
        queue = new SampleQueue(database);
        history(database);
        server = DashboardServer.builder(Dashboard.builder(queue.app).actionsEnabled(true).build()).port(0).start();
        profile = Files.createTempDirectory("procrastinate-chromium");
        browser = Browser.start(profile);
    }

    /** An hour of finished jobs, so that the chart has something to draw. */
    private static void history(TestDatabase database) {
        database.execute("WITH jobs AS (INSERT INTO procrastinate_jobs (queue_name, task_name, status, args, attempts) "
                + "SELECT (ARRAY['emails', 'images', 'reports'])[1 + i % 3], "
                + "(ARRAY['send_email', 'resize', 'monthly_report'])[1 + i % 3], "
                + "(CASE WHEN i % 13 = 0 THEN 'failed' ELSE 'succeeded' END)::procrastinate_job_status, "
                + "jsonb_build_object('n', i), 1 FROM generate_series(1, 900) AS i RETURNING id, status) "
                + "INSERT INTO procrastinate_events (job_id, type, at) "
                + "SELECT id, status::text::procrastinate_job_event_type, "
                + "now() - (id % 60) * interval '1 minute' - (id % 7) * interval '5 seconds' FROM jobs "
                + "UNION ALL SELECT id, 'deferred_for_retry', now() - (id % 60) * interval '1 minute' FROM jobs "
                + "WHERE id % 11 = 0");
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (queue != null) {
            queue.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * Waits for a condition on the page; an element read while the live refresh replaced it (stale) is looked for
     * again, as one not yet there is.
     */
    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void overviewChartDrawsTheLastHourThenTheLastDayAndTheCountsGoLive() throws IOException {
        browser.get(server.url());

        WebElement chart = waiting().until(driver -> driver.findElement(
                By.cssSelector("[data-chart='throughput'][data-rendered='hour']")));
        assertThat(chart.findElements(By.cssSelector("svg rect.bar-succeeded")).size()).isGreaterThan(30);
        assertThat(chart.findElements(By.cssSelector("svg rect.bar-failed"))).isNotEmpty();
        assertThat(chart.findElements(By.cssSelector("svg rect.bar-retried"))).isNotEmpty();
        assertThat(chart.findElement(By.cssSelector(".legend")).getText()).contains("succeeded: 8", "failed: ");
        waiting().until(driver -> driver.findElement(By.id("live")).getText().startsWith("live · updated"));
        screenshot("dashboard-overview.png");

        browser.findElement(By.cssSelector("button[data-range='day']")).click();

        waiting().until(driver -> driver.findElement(By.cssSelector("[data-chart='throughput'][data-rendered='day']")));
        assertThat(browser.findElements(By.cssSelector("[data-chart='throughput'] svg .hover"))).hasSize(24);
    }

    @Test
    void filterLeadsToTheFailedJobWhoseCauseShowsAsTextAndRetryPutsItBackInTheQueue() throws IOException {
        browser.get(server.url() + "jobs");
        browser.findElement(By.name("queue")).sendKeys("payments");
        new Select(browser.findElement(By.name("status"))).selectByValue("failed");
        browser.findElement(By.cssSelector("form.filters button[type='submit']")).click();

        WebElement link = waiting().until(driver -> driver.findElement(
                By.cssSelector("table[data-table='jobs'] a[href='/jobs/" + queue.failed + "']")));
        assertThat(browser.findElements(By.cssSelector("table[data-table='jobs'] tbody tr"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("table[data-table='jobs'] tbody")).getText())
                .contains(SampleQueue.EVIL_TASK);
        link.click();

        waiting().until(driver -> driver.findElement(By.tagName("h1")).getText().equals("Job #" + queue.failed));
        assertThat(browser.findElement(By.cssSelector("table[data-table='failures']")).getText())
                .contains("java.lang.IllegalStateException", SampleQueue.FAILURE_MESSAGE);
        assertThat(browser.findElement(By.cssSelector("pre.json")).getText()).contains("\"note\" : \""
                + SampleQueue.SCRIPT.replace("'", "'") + "\"");
        assertThat(browser.findElements(By.cssSelector("table[data-table='events'] tbody tr"))).hasSize(3);
        waiting().until(driver -> driver.findElement(By.id("live")).getText().startsWith("live · updated"));
        screenshot("dashboard-failed-job.png");

        browser.findElement(By.cssSelector("button.retry")).click();

        waiting().until(driver -> driver.findElement(By.cssSelector("[data-field='status']")).getText().equals("todo"));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).isEqualTo("retried job #" + queue.failed);
        assertThat(queue.status(queue.failed)).isEqualTo(JobStatus.TODO);
        assertThat(browser.findElement(By.cssSelector("table[data-table='events']")).getText()).contains("retried");
    }
}
