package dev.procrastinate.connector.vertx;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.RowMapper;
import dev.procrastinate.api.RowView;
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
import java.util.HashMap;
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

    /**
     * Every row read by the mapper through a {@link RowView} over the Vert.x row: no map per row. What the mapper
     * throws is carried as a {@link MapperFailure}, which {@link VertxConnector} hands back unchanged.
     */
    static <T> List<T> map(RowSet<Row> rowSet, RowMapper<T> mapper) {
        List<T> values = new ArrayList<>(rowSet.size());
        View view = new View(rowSet.columnsNames());
        for (Row row : rowSet) {
            view.row = row;
            try {
                values.add(mapper.map(view));
            } catch (RuntimeException e) {
                throw new MapperFailure(e);
            }
        }
        return values;
    }

    /** What a caller's mapper threw, kept apart from the driver's failures that the connector translates. */
    static final class MapperFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MapperFailure(RuntimeException cause) {
            super(cause);
        }
    }

    /**
     * The SPI's view of the Vert.x row it currently points at. Column names are resolved through a map made once per
     * result (Vert.x's own look-up scans the column list on every read).
     */
    private static final class View implements RowView {
        private final List<String> columns;
        private final Map<String, Integer> indexes;
        private Row row;

        View(List<String> columns) {
            this.columns = columns == null ? List.of() : columns;
            indexes = new HashMap<>(this.columns.size() * 2);
            for (int i = 0; i < this.columns.size(); i++) {
                indexes.putIfAbsent(this.columns.get(i), i);
            }
        }

        private int index(String column) {
            Integer index = indexes.get(column);
            if (index == null) {
                throw new IllegalArgumentException("no column '" + column + "' in row; columns: " + columns);
            }
            return index;
        }

        @Override
        public Object get(String column) {
            return value(row.getValue(index(column)));
        }
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
