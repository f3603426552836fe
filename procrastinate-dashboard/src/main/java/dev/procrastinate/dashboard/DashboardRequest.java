package dev.procrastinate.dashboard;

import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the dashboard sees it, whatever server carries it.
 *
 * @param method       {@code GET} or {@code POST} (anything else is refused)
 * @param path         the path below the mount point, starting with {@code /} ({@code /jobs/12})
 * @param basePath     where the dashboard is mounted, without a trailing slash ({@code ""} or {@code /procrastinate}),
 *                     used to build links
 * @param query        query parameters, first value of each
 * @param form         form fields of a POST ({@code application/x-www-form-urlencoded}), first value of each
 * @param hiddenFields fields the host wants in every form the dashboard renders, e.g. Spring Security's CSRF token
 */
public record DashboardRequest(String method, String path, String basePath, Map<String, String> query,
        Map<String, String> form, Map<String, String> hiddenFields) {

    public DashboardRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        basePath = basePath == null ? "" : basePath.replaceAll("/+$", "");
        query = query == null ? Map.of() : Map.copyOf(query);
        form = form == null ? Map.of() : Map.copyOf(form);
        hiddenFields = hiddenFields == null ? Map.of() : Map.copyOf(hiddenFields);
        if (path.isEmpty()) {
            path = "/";
        }
    }

    /** A GET of this path with this query, mounted at the root. */
    public static DashboardRequest get(String path, Map<String, String> query) {
        return new DashboardRequest("GET", path, "", query, Map.of(), Map.of());
    }

    String param(String name) {
        String value = query.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    String field(String name) {
        String value = form.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
