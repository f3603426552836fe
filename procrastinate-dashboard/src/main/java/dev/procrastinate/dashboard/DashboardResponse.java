package dev.procrastinate.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the dashboard answers: a status, a content type, extra headers (security headers included) and a body.
 * The host server writes it as it is.
 */
public record DashboardResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    public DashboardResponse {
        headers = Map.copyOf(headers);
    }

    static DashboardResponse of(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static DashboardResponse of(int status, String contentType, byte[] body, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                + "base-uri 'none'; object-src 'none'");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cache-Control", "no-store");
        headers.putAll(extra);
        return new DashboardResponse(status, contentType, headers, body);
    }

    static DashboardResponse redirect(String location) {
        return of(303, TEXT, ("See " + location + "\n").getBytes(StandardCharsets.UTF_8), Map.of("Location", location));
    }

    /** The body as text (pages and JSON are UTF-8). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
