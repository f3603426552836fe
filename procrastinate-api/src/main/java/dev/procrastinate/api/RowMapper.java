package dev.procrastinate.api;

/**
 * Reads one result row into a value, for {@link Connector#query(String, RowMapper, Object...)}: callers that read
 * many rows on a hot path (claiming jobs) skip building a {@link Row} per row. The view is valid only during the call;
 * a mapper must not keep it. Exceptions a mapper throws reach the caller of {@code query} unchanged.
 */
@FunctionalInterface
public interface RowMapper<T> {

    /** The value of one row; called on the connector's thread, once per row, with a view valid only during the call. */
    T map(RowView row);
}
