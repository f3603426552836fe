package dev.procrastinate.jdbc;

import dev.procrastinate.api.RowView;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The SPI's {@link RowView} over the current row of a result set, with values normalised as {@code Row}'s: one view
 * per result set, moved along by the result set itself. SQL failures while reading escape as {@link ReadFailure}, which
 * {@link JdbcStatements} unwraps and translates.
 */
final class ResultSetRowView implements RowView {

    private final ResultSet resultSet;
    private final String[] names;
    private final String[] types;
    private final Map<String, Integer> indexes;

    ResultSetRowView(ResultSet resultSet) throws SQLException {
        this.resultSet = resultSet;
        ResultSetMetaData meta = resultSet.getMetaData();
        int columns = meta.getColumnCount();
        names = new String[columns];
        types = new String[columns];
        indexes = new HashMap<>(columns * 2);
        for (int i = 0; i < columns; i++) {
            names[i] = meta.getColumnLabel(i + 1);
            types[i] = meta.getColumnTypeName(i + 1).toLowerCase(Locale.ROOT);
            indexes.putIfAbsent(names[i], i + 1);
        }
    }

    int columnCount() {
        return names.length;
    }

    String name(int index) {
        return names[index - 1];
    }

    private int index(String column) {
        Integer index = indexes.get(column);
        if (index == null) {
            throw new IllegalArgumentException("no column '" + column + "' in row; columns: " + indexes.keySet());
        }
        return index;
    }

    /** The normalised value of the column at this 1-based index. */
    Object value(int index) {
        try {
            Object value;
            switch (types[index - 1]) {
                case "int2", "int4", "smallint", "integer", "serial" -> value = resultSet.getInt(index);
                case "int8", "bigint", "bigserial" -> value = resultSet.getLong(index);
                case "bool", "boolean" -> value = resultSet.getBoolean(index);
                case "float4", "float8", "numeric", "real", "double precision" -> value = resultSet.getDouble(index);
                case "timestamptz", "timestamp with time zone" -> value = offsetInstant(index);
                case "timestamp", "timestamp without time zone" -> {
                    Timestamp time = resultSet.getTimestamp(index);
                    value = time == null ? null : time.toLocalDateTime().toInstant(ZoneOffset.UTC);
                }
                default -> value = resultSet.getString(index);
            }
            return resultSet.wasNull() ? null : value;
        } catch (SQLException e) {
            throw new ReadFailure(e);
        }
    }

    private Instant offsetInstant(int index) throws SQLException {
        OffsetDateTime time = resultSet.getObject(index, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    @Override
    public Object get(String column) {
        return value(index(column));
    }

    @Override
    public Long getLong(String column) {
        return read(column, ResultSet::getLong);
    }

    @Override
    public Integer getInteger(String column) {
        return read(column, ResultSet::getInt);
    }

    @Override
    public Boolean getBoolean(String column) {
        return read(column, ResultSet::getBoolean);
    }

    @Override
    public Instant getInstant(String column) {
        return read(column, (resultSet, index) -> offsetInstant(index));
    }

    /** A column read by the driver's typed getter; SQL NULL is {@code null}. */
    private <T> T read(String column, Getter<T> getter) {
        int index = index(column);
        try {
            T value = getter.get(resultSet, index);
            return resultSet.wasNull() ? null : value;
        } catch (SQLException e) {
            throw new ReadFailure(e);
        }
    }

    /** One of the result set's typed getters. */
    @FunctionalInterface
    private interface Getter<T> {
        T get(ResultSet resultSet, int index) throws SQLException;
    }

    /** An SQLException met while a mapper read the row. */
    static final class ReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadFailure(SQLException cause) {
            super(cause);
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }
    }
}
