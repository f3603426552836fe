package dev.procrastinate.spring;

import dev.procrastinate.api.ConfigurationException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code procrastinate.dashboard.*}: the web dashboard mounted in the application's servlet container (needs
 * {@code procrastinate-dashboard} on the class path). Protect {@link #getPath() its path} with the application's
 * security rules: the dashboard has no login of its own when mounted.
 */
@ConfigurationProperties("procrastinate.dashboard")
public class ProcrastinateDashboardProperties {

    /** Whether to mount the dashboard. */
    private boolean enabled;

    /** Where the dashboard is mounted, e.g. /procrastinate (it serves this path and everything below). */
    private String path = "/procrastinate";

    /** Whether retry, cancel, abort, delete and bulk actions are offered; read-only when false. */
    private boolean actionsEnabled;

    /** How old a worker's heartbeat must be for its running jobs to show as stalled. */
    private Duration stalledAfter = Duration.ofSeconds(30);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public boolean isActionsEnabled() {
        return actionsEnabled;
    }

    public void setActionsEnabled(boolean actionsEnabled) {
        this.actionsEnabled = actionsEnabled;
    }

    public Duration getStalledAfter() {
        return stalledAfter;
    }

    public void setStalledAfter(Duration stalledAfter) {
        this.stalledAfter = stalledAfter;
    }

    /** The path without a trailing slash; a {@link ConfigurationException} naming the property when it is unusable. */
    String mountPath() {
        String value = path == null ? "" : path.strip().replaceAll("/+$", "");
        if (!value.startsWith("/") || value.contains("*") || value.contains("?") || value.contains("#")) {
            throw new ConfigurationException("procrastinate.dashboard.path must be a path below the root such as "
                    + "/procrastinate (no wildcard), got '" + path + "'");
        }
        return value;
    }
}
