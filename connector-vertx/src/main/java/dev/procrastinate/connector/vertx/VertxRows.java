package dev.procrastinate.connector.vertx;

import dev.procrastinate.api.ConfigurationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameters into Vert.x tuples and Vert.x rows into the SPI's normalised {@link dev.procrastinate.api.Row}s. */
final class VertxRows {

    private VertxRows() {
    }

    static Tuple tuple(Object[] params) {
        Tuple tuple = Tuple.tuple();
        for (int i = 0; i < params.length; i++) {
            tuple.addValue(param(params[i], i + 1));
        }
        return tuple;
    }

    private static Object param(Object value, int position) {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof Double || value instanceof String[]
                || value instanceof Long[] || value instanceof Integer[]) {
            return value;
        }
        if (value instanceof Instant instant) {
            return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        throw new ConfigurationException("unsupported parameter type " + value.getClass().getName() + " at $"
                + position + "; use String, Integer, Long, Boolean, Double, Instant, String[], Long[] or Integer[]");
    }

    static List<dev.procrastinate.api.Row> rows(RowSet<Row> rowSet) {
        List<dev.procrastinate.api.Row> rows = new ArrayList<>(rowSet.size());
        for (Row row : rowSet) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                values.put(row.getColumnName(i), value(row.getValue(i)));
            }
            rows.add(dev.procrastinate.api.Row.of(values));
        }
        return rows;
    }

    private static Object value(Object value) {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof Double) {
            return value;
        }
        if (value instanceof Short s) {
            return s.intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigDecimal || value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof LocalDateTime time) {
            return time.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof JsonObject json) {
            return json.encode();
        }
        if (value instanceof JsonArray json) {
            return json.encode();
        }
        if (value instanceof Buffer buffer) {
            return buffer.toString();
        }
        if (value == Tuple.JSON_NULL) {
            return "null";
        }
        return value.toString();
    }
}
