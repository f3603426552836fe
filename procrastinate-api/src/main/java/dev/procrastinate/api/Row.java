package dev.procrastinate.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One result row, with column values already normalised by the connector: SQL NULL is {@code null}; {@code int2}
 * and {@code int4} are {@link Integer}; {@code int8} is {@link Long}; {@code bool} is {@link Boolean};
 * {@code float8} is {@link Double}; {@code timestamptz} is {@link java.time.Instant}; {@code text},
 * {@code varchar}, enums, {@code json} and {@code jsonb} are {@link String} (JSON as its text). Immutable and safe
 * to share.
 */
public final class Row implements RowView {

    private final Map<String, Object> values;

    private Row(Map<String, Object> values) {
        this.values = values;
    }

    /** A row from column name to normalised value, in column order. The map is copied. */
    public static Row of(Map<String, ?> values) {
        return new Row(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    /** The column names, in the statement's order; unmodifiable. */
    public Set<String> columns() {
        return values.keySet();
    }

    /** The value of a column; throws {@link IllegalArgumentException} naming the columns if there is none. */
    @Override
    public Object get(String column) {
        Object value = values.get(column);
        if (value == null && !values.containsKey(column)) {
            throw new IllegalArgumentException("no column '" + column + "' in row; columns: " + values.keySet());
        }
        return value;
    }

    /** Every column's value by name, in column order; unmodifiable, values may be null. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row && row.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Row" + values;
    }
}
