package dev.procrastinate.testing;

import dev.procrastinate.api.ConnectorOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One fresh database for one test: where it is, and plain-JDBC helpers for assertions. {@code password} may be null
 * (trust authentication); {@link #toString()} leaves it out.
 */
public record TestDatabase(String host, int port, String name, String user, String password) {

    /**
     * A new empty database on the same server the extension uses, for set-ups that need one before JUnit resolves
     * parameters (a Spring {@code @DynamicPropertySource}, a static field). It is not dropped: it lives as long as
     * the server (for the embedded one, the test JVM).
     */
    public static TestDatabase create() {
        return Servers.get().createDatabase();
    }

    /** {@code jdbc:postgresql://host:port/name}, credentials apart. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** {@code postgresql://user:password@host:port/name}, credentials included. */
    public String postgresUrl() {
        String credentials = URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (password == null || password.isEmpty() ? "" : ":" + URLEncoder.encode(password,
                        StandardCharsets.UTF_8));
        return "postgresql://" + credentials + "@" + host + ":" + port + "/" + name;
    }

    /** Options for any connector: the JDBC URL with user and password. */
    public ConnectorOptions connectorOptions() {
        ConnectorOptions.Builder builder = ConnectorOptions.builder().url(jdbcUrl()).user(user);
        if (password != null && !password.isEmpty()) {
            builder.password(password);
        }
        return builder.build();
    }

    /** An unpooled data source on this database. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {host});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(name);
        dataSource.setUser(user);
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    /** A new connection of its own; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** Runs a statement on a connection of its own. */
    public void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query, as a long. */
    public long queryForLong(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            if (!resultSet.next()) {
                throw new IllegalStateException("no row from: " + sql);
            }
            return resultSet.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl() + " as " + user + "]";
    }
}
