package dev.procrastinate.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/** One table cell: text, an optional link, an optional CSS class. Rendered as HTML or sent as JSON. */
record Cell(String text, String href, String cssClass) {

    static Cell text(Object value) {
        return new Cell(value == null ? "" : value.toString(), null, null);
    }

    static Cell link(Object value, String href) {
        return new Cell(value == null ? "" : value.toString(), href, null);
    }

    static Cell styled(Object value, String cssClass) {
        return new Cell(value == null ? "" : value.toString(), null, cssClass);
    }

    String html() {
        StringBuilder out = new StringBuilder("<td");
        if (cssClass != null) {
            out.append(" class=\"").append(Html.escape(cssClass)).append('"');
        }
        out.append('>');
        if (href != null) {
            out.append("<a href=\"").append(Html.escape(href)).append("\">").append(Html.escape(text)).append("</a>");
        } else {
            out.append(Html.escape(text));
        }
        return out.append("</td>").toString();
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("t", text);
        if (href != null) {
            out.put("h", href);
        }
        if (cssClass != null) {
            out.put("c", cssClass);
        }
        return out;
    }
}
