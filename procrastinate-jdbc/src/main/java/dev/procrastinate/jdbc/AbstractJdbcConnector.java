package dev.procrastinate.jdbc;

import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.ProcrastinateNonTransientException;
import dev.procrastinate.api.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A {@link Connector} over a {@link DataSource}: each call borrows a connection in auto-commit mode. The async
 * methods run the same work on a bounded executor owned by the connector (as many threads as the pool has
 * connections), so callers never block. Subclasses add LISTEN, which depends on the driver.
 */
public abstract class AbstractJdbcConnector implements Connector {

    private final String name;
    private final DataSource dataSource;
    private final ExecutorService io;
    private final AtomicBoolean closed = new AtomicBoolean();

    protected AbstractJdbcConnector(String name, DataSource dataSource, int ioThreads) {
        this.name = name;
        this.dataSource = dataSource;
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(ioThreads, ioThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "procrastinate-" + name + "-io-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.io = executor;
    }

    @Override
    public final String name() {
        return name;
    }

    protected final DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void open() {
        checkOpen();
    }

    @Override
    public final List<Row> query(String sql, Object... params) {
        return withConnection(sql, connection -> JdbcStatements.query(connection, sql, params));
    }

    /**
     * {@link #query(String, Object...)} reading each row with {@code reader} instead of building {@link Row}s: for
     * callers that know they talk to a JDBC connector and read many rows on a hot path.
     */
    public final <T> List<T> query(String sql, RowReader<T> reader, Object... params) {
        return withConnection(sql, connection -> JdbcStatements.query(connection, sql, reader, params));
    }

    @Override
    public final long execute(String sql, Object... params) {
        return withConnection(sql, connection -> JdbcStatements.execute(connection, sql, params));
    }

    /**
     * Runs the work on a pooled connection. When the server had already terminated that connection's backend
     * (SQLSTATE 57P01/57P02: a restart or {@code pg_terminate_backend} while it sat idle in the pool), the statement
     * never ran, so it is run once more on a fresh connection instead of failing the caller.
     */
    private <T> T withConnection(String sql, java.util.function.Function<Connection, T> work) {
        try {
            return once(sql, work);
        } catch (ConnectionLostException e) {
            if (!(e.getCause() instanceof SQLException cause) || !isTerminatedBackend(cause.getSQLState())) {
                throw e;
            }
            return once(sql, work);
        }
    }

    private <T> T once(String sql, java.util.function.Function<Connection, T> work) {
        try (Connection connection = connection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw SqlExceptions.translate(e, sql);
        }
    }

    private static boolean isTerminatedBackend(String sqlState) {
        return "57P01".equals(sqlState) || "57P02".equals(sqlState);
    }

    @Override
    public final void executeScript(String sql) {
        try (Connection connection = connection()) {
            JdbcStatements.executeScript(connection, sql);
        } catch (SQLException e) {
            throw SqlExceptions.translate(e, "script");
        }
    }

    @Override
    public final CompletionStage<List<Row>> queryAsync(String sql, Object... params) {
        return async(() -> query(sql, params));
    }

    @Override
    public final CompletionStage<Long> executeAsync(String sql, Object... params) {
        return async(() -> execute(sql, params));
    }

    private <T> CompletionStage<T> async(java.util.function.Supplier<T> work) {
        try {
            checkOpen();
            return CompletableFuture.supplyAsync(work, io);
        } catch (ProcrastinateException | java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e instanceof ProcrastinateException ? e
                    : new ProcrastinateNonTransientException("connector '" + name + "' is closed"));
        }
    }

    /** Borrows a connection; failures to get one are {@link ConnectionLostException}s. */
    protected final Connection connection() {
        checkOpen();
        try {
            Connection connection = dataSource.getConnection();
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return connection;
        } catch (SQLException e) {
            ProcrastinateException translated = SqlExceptions.translate(e, "connect");
            throw translated.isTransient() ? translated
                    : new ConnectionLostException("could not get a database connection: " + e.getMessage(), e);
        }
    }

    protected final void checkOpen() {
        if (closed.get()) {
            throw new ProcrastinateNonTransientException("connector '" + name + "' is closed");
        }
    }

    protected final boolean isClosed() {
        return closed.get();
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            io.shutdown();
            closeResources();
        }
    }

    /** Closes what the subclass owns: subscriptions, and the pool when the connector created it. */
    protected abstract void closeResources();
}
