package dev.procrastinate.api;

import java.time.Instant;

/**
 * Typed access to the columns of one result row, normalised as {@link Row} describes (SQL NULL is {@code null}).
 * A {@link Row} is one; a connector's {@link Connector#query(String, RowMapper, Object...)} may instead hand its
 * mapper a view over the driver's current row, valid only during that {@link RowMapper#map} call and on its thread.
 * A column that is not in the row is an {@link IllegalArgumentException}.
 */
public interface RowView {

    /** The value of a column, normalised as {@link Row} describes. */
    Object get(String column);

    /** A text, varchar, enum or JSON column as text (any other value as its {@code toString()}). */
    default String getString(String column) {
        Object value = get(column);
        return value == null ? null : value.toString();
    }

    /** An integer column as a {@link Long}. */
    default Long getLong(String column) {
        Object value = get(column);
        return value == null ? null : ((Number) value).longValue();
    }

    /** An {@code int2} or {@code int4} column as an {@link Integer}. */
    default Integer getInteger(String column) {
        Object value = get(column);
        return value == null ? null : ((Number) value).intValue();
    }

    /** A {@code bool} column. */
    default Boolean getBoolean(String column) {
        return (Boolean) get(column);
    }

    /** A {@code timestamptz} column. */
    default Instant getInstant(String column) {
        return (Instant) get(column);
    }
}
