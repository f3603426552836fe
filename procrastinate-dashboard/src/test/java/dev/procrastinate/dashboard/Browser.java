package dev.procrastinate.dashboard;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through its chromedriver ({@code apt-get install chromium chromium-driver}), or the
 * binaries named by {@code PROCRASTINATE_CHROMIUM} and {@code PROCRASTINATE_CHROMEDRIVER}. Without them the browser
 * tests are skipped with a loud message, except under {@code CI=true}, where they fail.
 */
final class Browser {

    static final Path CHROMIUM = Path.of(env("PROCRASTINATE_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("PROCRASTINATE_CHROMEDRIVER", "/usr/bin/chromedriver"));

    /** Held so that the level sticks: Selenium warns on every start that it has no CDP bindings for this Chromium. */
    private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private Browser() {
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Skips (loudly) or, on CI, fails when the browser is missing. */
    static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install -y chromium chromium-driver, or set PROCRASTINATE_CHROMIUM and "
                + "PROCRASTINATE_CHROMEDRIVER)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true and " + message);
        }
        System.err.println();
        System.err.println("************************************************************************");
        System.err.println("*** SKIPPED: the dashboard's browser tests did NOT run: " + message);
        System.err.println("************************************************************************");
        System.err.println();
        Assumptions.abort("SKIPPED: " + message);
    }

    static ChromeDriver start(Path profile) {
        SELENIUM.setLevel(java.util.logging.Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 1000));
        return driver;
    }
}
