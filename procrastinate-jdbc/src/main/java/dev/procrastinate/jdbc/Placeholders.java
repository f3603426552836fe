package dev.procrastinate.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's {@code $n} placeholders rewritten to JDBC's {@code ?}, with the parameter list reordered (and
 * repeated) to match. Quoted literals, quoted identifiers, dollar-quoted bodies and comments are left untouched.
 */
record Placeholders(String sql, int[] order) {

    static Placeholders parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<Integer> order = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(sql, i + 1, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
                    && (i == 0 || !Character.isJavaIdentifierPart(sql.charAt(i - 1)))) {
                int j = i + 1;
                while (j < n && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
                order.add(Integer.parseInt(sql.substring(i + 1, j)) - 1);
                out.append('?');
                i = j;
            } else if (c == '$') {
                int tagEnd = dollarTagEnd(sql, i);
                if (tagEnd > 0) {
                    String tag = sql.substring(i, tagEnd + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    int end = close < 0 ? n : close + tag.length();
                    out.append(sql, i, end);
                    i = end;
                } else {
                    out.append(c);
                    i++;
                }
            } else if (c == '?') {
                out.append("??");
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Placeholders(out.toString(), order.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int closing(String sql, int from, char quote) {
        int i = from;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** The index of the closing {@code $} of a dollar-quote tag starting at {@code start}, or -1. */
    private static int dollarTagEnd(String sql, int start) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '$') {
                return i;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_') || i == start + 1 && Character.isDigit(c)) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    /** The JDBC parameters in {@code ?} order. */
    Object[] bind(Object[] params) {
        Object[] bound = new Object[order.length];
        for (int k = 0; k < order.length; k++) {
            int index = order[k];
            if (index < 0 || index >= params.length) {
                throw new dev.procrastinate.api.ConfigurationException("statement uses $" + (index + 1)
                        + " but " + params.length + " parameter(s) were given");
            }
            bound[k] = params[index];
        }
        return bound;
    }
}
