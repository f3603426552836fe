package dev.procrastinate.jdbc;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.RowMapper;
import dev.procrastinate.api.RowView;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the connector SPI's statements on a {@code java.sql.Connection}: {@code $n} placeholders, parameter binding,
 * row normalisation as {@link Row} documents, and exception translation through {@link SqlExceptions}. Works with
 * any PostgreSQL JDBC driver: columns are read by type name, not driver classes.
 */
public final class JdbcStatements {

    private static final Map<String, Placeholders> PARSED = new ConcurrentHashMap<>();

    private JdbcStatements() {
    }

    /**
     * How array parameters ({@code String[]}, {@code Long[]}, {@code Integer[]}) are handed to the driver.
     */
    public enum ArrayBinding {
        /**
         * As {@code java.sql.Array}s from {@link Connection#createArrayOf}, freed after the statement: the portable
         * way, and the one the PostgreSQL JDBC driver needs.
         */
        CREATE_ARRAY_OF,
        /**
         * The Java array itself through {@code setObject}, encoded by the driver from the type the server gave the
         * parameter ({@code $1::bigint[]}). For pgjdbc-ng, whose {@code createArrayOf} looks the element type up
         * with a query of its own on every call (one more round trip per array) and, when that look-up meets a
         * terminated connection, overflows the stack in its error mapping instead of throwing an SQLException.
         */
        SET_OBJECT
    }

    /** Runs a query on the connection and returns every row. */
    public static List<Row> query(Connection connection, String sql, Object... params) {
        return query(connection, ArrayBinding.CREATE_ARRAY_OF, sql, params);
    }

    /** {@link #query(Connection, String, Object...)} with array parameters bound as {@code arrays} says. */
    public static List<Row> query(Connection connection, ArrayBinding arrays, String sql, Object... params) {
        return query(connection, arrays, sql, JdbcStatements::row, params);
    }

    /** Runs a query on the connection and reads every row with the mapper, without building {@link Row}s. */
    public static <T> List<T> query(Connection connection, ArrayBinding arrays, String sql, RowMapper<T> mapper,
            Object... params) {
        List<Array> created = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, arrays, sql, params, created)) {
            if (!statement.execute()) {
                return List.of();
            }
            try (ResultSet resultSet = statement.getResultSet()) {
                ResultSetRowView view = new ResultSetRowView(resultSet);
                List<T> values = new ArrayList<>();
                while (resultSet.next()) {
                    values.add(map(mapper, view));
                }
                return values;
            }
        } catch (SQLException e) {
            throw SqlExceptions.translate(e, sql, connection);
        } catch (ResultSetRowView.ReadFailure e) {
            throw SqlExceptions.translate(e.sqlException(), sql, connection);
        } finally {
            free(created);
        }
    }

    private static <T> T map(RowMapper<T> mapper, ResultSetRowView view) {
        try {
            return mapper.map(view);
        } catch (ResultSetRowView.ReadFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MapperFailure(e);
        }
    }

    /**
     * What a caller's {@link RowMapper} threw, carried past the connector's translation of driver failures so that
     * it reaches the caller unchanged ({@link #unwrap}).
     */
    public static final class MapperFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MapperFailure(RuntimeException cause) {
            super(cause);
        }

        /** The mapper's own exception. */
        public RuntimeException unwrap() {
            return (RuntimeException) getCause();
        }
    }

    /** A {@link Row} of the view's current row: every column, normalised. */
    private static Row row(RowView row) {
        ResultSetRowView view = (ResultSetRowView) row;
        Map<String, Object> values = new LinkedHashMap<>(view.columnCount() * 2);
        for (int i = 1; i <= view.columnCount(); i++) {
            values.put(view.name(i), view.value(i));
        }
        return Row.of(values);
    }

    /** Runs a statement and returns its update count, 0 when it returned rows. */
    public static long execute(Connection connection, String sql, Object... params) {
        return execute(connection, ArrayBinding.CREATE_ARRAY_OF, sql, params);
    }

    /** {@link #execute(Connection, String, Object...)} with array parameters bound as {@code arrays} says. */
    public static long execute(Connection connection, ArrayBinding arrays, String sql, Object... params) {
        List<Array> created = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, arrays, sql, params, created)) {
            boolean hasRows = statement.execute();
            return hasRows ? 0 : Math.max(0, statement.getLargeUpdateCount());
        } catch (SQLException e) {
            throw SqlExceptions.translate(e, sql, connection);
        } finally {
            free(created);
        }
    }

    /** Releases array parameters: some drivers (pgjdbc-ng) hold native buffers until {@code free()}. */
    private static void free(List<Array> arrays) {
        for (Array array : arrays) {
            try {
                array.free();
            } catch (SQLException | RuntimeException e) {
                // freeing is best effort: the statement's outcome is already decided
            }
        }
    }

    /** Runs a multi-statement script in one transaction, restoring the connection's auto-commit afterwards. */
    public static void executeScript(Connection connection, String script) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(script);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw SqlExceptions.translate(e, script, connection);
        }
    }

    private static PreparedStatement prepare(Connection connection, ArrayBinding arrays, String sql, Object[] params,
            List<Array> created) throws SQLException {
        Placeholders placeholders = PARSED.computeIfAbsent(sql, Placeholders::parse);
        Object[] bound = placeholders.bind(params);
        PreparedStatement statement = connection.prepareStatement(placeholders.sql());
        try {
            for (int i = 0; i < bound.length; i++) {
                bind(connection, statement, i + 1, bound[i], arrays, created);
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    private static void bind(Connection connection, PreparedStatement statement, int index, Object value,
            ArrayBinding arrays, List<Array> created) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof Integer v) {
            statement.setInt(index, v);
        } else if (value instanceof Long v) {
            statement.setLong(index, v);
        } else if (value instanceof Boolean v) {
            statement.setBoolean(index, v);
        } else if (value instanceof Double v) {
            statement.setDouble(index, v);
        } else if (value instanceof Instant v) {
            statement.setObject(index, OffsetDateTime.ofInstant(v, ZoneOffset.UTC));
        } else if (arrays == ArrayBinding.SET_OBJECT
                && (value instanceof String[] || value instanceof Long[] || value instanceof Integer[])) {
            statement.setObject(index, value);
        } else if (value instanceof String[] v) {
            statement.setArray(index, array(connection, "text", v, created));
        } else if (value instanceof Long[] v) {
            statement.setArray(index, array(connection, "int8", v, created));
        } else if (value instanceof Integer[] v) {
            statement.setArray(index, array(connection, "int4", v, created));
        } else {
            throw new ConfigurationException("unsupported parameter type " + value.getClass().getName()
                    + " at position " + index + "; use String, Integer, Long, Boolean, Double, Instant, String[], "
                    + "Long[] or Integer[]");
        }
    }

    private static Array array(Connection connection, String type, Object[] values, List<Array> created)
            throws SQLException {
        Array array = connection.createArrayOf(type, values);
        created.add(array);
        return array;
    }
}
