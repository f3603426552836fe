package dev.procrastinate.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Escaping and the page frame. Every value that reaches HTML goes through {@link #escape}. */
final class Html {

    private Html() {
    }

    /** Text safe in element content and in double- or single-quoted attributes. */
    static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The query string of these parameters (null and empty values left out), with a leading {@code ?} or empty. */
    static String query(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                out.append(out.length() == 0 ? '?' : '&').append(url(name)).append('=').append(url(value));
            }
        });
        return out.toString();
    }

    /**
     * A whole page: navigation, a notice line, the body. {@code api} is the JSON endpoint the script polls for this
     * page (null: no live updates).
     */
    static String page(Frame frame, String title, String api, String body) {
        String base = frame.base();
        StringBuilder out = new StringBuilder(body.length() + 2048);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append(" · procrastinate</title>")
                .append("<link rel=\"stylesheet\" href=\"").append(escape(base)).append("/static/dashboard.css\">")
                .append("<script src=\"").append(escape(base)).append("/static/dashboard.js\" defer></script>")
                .append("</head><body");
        if (api != null) {
            out.append(" data-api=\"").append(escape(api)).append('"');
        }
        out.append("><header><a class=\"brand\" href=\"").append(escape(base)).append("/\">procrastinate</a><nav>");
        nav(out, base + "/", "Overview", frame.section().equals("overview"));
        nav(out, base + "/jobs", "Jobs", frame.section().equals("jobs"));
        nav(out, base + "/periodic", "Periodic", frame.section().equals("periodic"));
        out.append("</nav><span class=\"mode\">")
                .append(frame.actions() ? "actions enabled" : "read-only")
                .append("</span><span class=\"live\" id=\"live\" data-field=\"updated\"></span></header><main>");
        if (frame.notice() != null) {
            out.append("<p class=\"notice\" role=\"status\">").append(escape(frame.notice())).append("</p>");
        }
        out.append("<h1>").append(escape(title)).append("</h1>").append(body).append("</main></body></html>\n");
        return out.toString();
    }

    private static void nav(StringBuilder out, String href, String label, boolean current) {
        out.append("<a href=\"").append(escape(href)).append('"');
        if (current) {
            out.append(" aria-current=\"page\"");
        }
        out.append('>').append(escape(label)).append("</a>");
    }

    /** A POST form with the CSRF token and the host's hidden fields, and one submit button. */
    static String form(Frame frame, String action, Map<String, String> fields, String button, String cssClass) {
        return form(frame, action, fields, button, cssClass, null);
    }

    /** {@link #form}, asking the user to confirm {@code question} before it is sent (when the script runs). */
    static String form(Frame frame, String action, Map<String, String> fields, String button, String cssClass,
            String question) {
        StringBuilder out = new StringBuilder("<form method=\"post\" class=\"inline\" action=\"")
                .append(escape(action)).append('"');
        if (question != null) {
            out.append(" data-confirm=\"").append(escape(question)).append('"');
        }
        out.append('>');
        hidden(out, Csrf.FIELD, frame.csrfToken());
        frame.hiddenFields().forEach((name, value) -> hidden(out, name, value));
        fields.forEach((name, value) -> {
            if (value != null) {
                hidden(out, name, value);
            }
        });
        out.append("<button type=\"submit\" class=\"").append(escape(cssClass)).append("\">").append(escape(button))
                .append("</button></form>");
        return out.toString();
    }

    private static void hidden(StringBuilder out, String name, String value) {
        out.append("<input type=\"hidden\" name=\"").append(escape(name)).append("\" value=\"").append(escape(value))
                .append("\">");
    }

    /** What every page needs to know about the request it renders. */
    record Frame(String base, String section, boolean actions, String csrfToken, Map<String, String> hiddenFields,
            String notice) {
    }
}
