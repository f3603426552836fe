package dev.procrastinate.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table a page shows and the script refreshes: the page renders it as HTML, the JSON endpoint sends the same rows,
 * and the script replaces the body of {@code table[data-table=name]} with them (as text, never as HTML).
 */
record Table(String name, List<String> headers, List<List<Cell>> rows, String empty) {

    String html() {
        StringBuilder out = new StringBuilder("<table data-table=\"").append(Html.escape(name)).append("\"><thead><tr>");
        headers.forEach(header -> out.append("<th scope=\"col\">").append(Html.escape(header)).append("</th>"));
        out.append("</tr></thead><tbody>");
        if (rows.isEmpty()) {
            out.append("<tr><td class=\"empty\" colspan=\"").append(headers.size()).append("\">")
                    .append(Html.escape(empty)).append("</td></tr>");
        }
        for (List<Cell> row : rows) {
            out.append("<tr>");
            row.forEach(cell -> out.append(cell.html()));
            out.append("</tr>");
        }
        return out.append("</tbody></table>").toString();
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columns", headers.size());
        out.put("empty", empty);
        out.put("rows", rows.stream().map(row -> row.stream().map(Cell::json).toList()).toList());
        return out;
    }
}
