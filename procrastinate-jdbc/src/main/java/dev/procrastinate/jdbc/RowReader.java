package dev.procrastinate.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the current row of a result set into a value, for hot paths that would otherwise build a {@code Row} map per
 * row only to read it back into an object (claiming jobs reads a dozen columns for every job).
 */
@FunctionalInterface
public interface RowReader<T> {

    T read(ResultSet resultSet) throws SQLException;
}
