package dev.procrastinate.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes one row of {@code fault_runs} per task run, from inside a worker process, on a plain JDBC connection of
 * each job thread. Database faults hit it as they hit the worker, so it retries until the row is written (a run
 * that cannot be recorded within {@link #PATIENCE} fails its job, which the suite then counts as lost). The run id
 * makes a retry after an unacknowledged commit harmless.
 */
final class RunRecorder {

    static final String TABLE_DDL = """
            CREATE TABLE fault_runs (
              run_id uuid PRIMARY KEY,
              job_id bigint NOT NULL,
              pid bigint NOT NULL,
              worker_id bigint,
              started_at timestamptz NOT NULL,
              ended_at timestamptz NOT NULL)""";

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String INSERT = "INSERT INTO fault_runs (run_id, job_id, pid, worker_id, started_at, ended_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING";

    private final String jdbcUrl;
    private final Properties properties = new Properties();
    private final long pid = ProcessHandle.current().pid();
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();

    RunRecorder(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        properties.setProperty("user", user);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("ApplicationName", "fault-run-recorder");
    }

    void record(long jobId, Long workerId, Instant startedAt, Instant endedAt) {
        UUID runId = UUID.randomUUID();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try {
                insert(runId, jobId, workerId, startedAt, endedAt);
                return;
            } catch (SQLException e) {
                last = e;
                discardConnection();
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        throw new IllegalStateException("could not record the run of job " + jobId + " within " + PATIENCE, last);
    }

    private void insert(UUID runId, long jobId, Long workerId, Instant startedAt, Instant endedAt)
            throws SQLException {
        Connection connection = connections.get();
        if (connection == null) {
            connection = DriverManager.getConnection(jdbcUrl, properties);
            connections.set(connection);
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setObject(1, runId);
            statement.setLong(2, jobId);
            statement.setLong(3, pid);
            statement.setObject(4, workerId);
            statement.setTimestamp(5, Timestamp.from(startedAt));
            statement.setTimestamp(6, Timestamp.from(endedAt));
            statement.executeUpdate();
        }
    }

    private void discardConnection() {
        Connection connection = connections.get();
        connections.remove();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // It is broken already; a new one is opened on the next try.
            }
        }
    }
}
