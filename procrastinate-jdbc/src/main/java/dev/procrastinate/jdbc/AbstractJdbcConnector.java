package dev.procrastinate.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.procrastinate.api.CallerConnection;
import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.DatabaseException;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.ProcrastinateNonTransientException;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.RowMapper;
import dev.procrastinate.api.Subscription;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connector} over a {@link DataSource}: each call borrows a connection in auto-commit mode. The async
 * methods run the same work on a bounded executor owned by the connector (as many threads as the pool has
 * connections), so callers never block. LISTEN runs a {@link JdbcListenLoop} on connections from the subclass's
 * {@link JdbcListenLoop.Connections}, received by its driver's {@link JdbcListenLoop.Receiver}. A pool the connector
 * created ({@link JdbcPool}) is closed with it, and its idle connections are evicted after one was found lost.
 */
public abstract class AbstractJdbcConnector implements Connector {

    private static final Logger LOG = LoggerFactory.getLogger(AbstractJdbcConnector.class);

    private final String name;
    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final JdbcStatements.ArrayBinding arrays;
    private final JdbcListenLoop.Connections listenConnections;
    private final JdbcListenLoop.Receiver receiver;
    private final Set<JdbcListenLoop> subscriptions = ConcurrentHashMap.newKeySet();
    private final ExecutorService io;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A connector on {@code dataSource}; {@code ownedPool} (null when the data source is the application's) is the
     * same pool when the connector created it. Its driver takes array parameters as {@code arrays} says.
     */
    protected AbstractJdbcConnector(String name, DataSource dataSource, HikariDataSource ownedPool, int ioThreads,
            JdbcStatements.ArrayBinding arrays, JdbcListenLoop.Connections listenConnections,
            JdbcListenLoop.Receiver receiver) {
        this.name = name;
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.arrays = arrays;
        this.listenConnections = listenConnections;
        this.receiver = receiver;
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

    @Override
    public void open() {
        checkOpen();
    }

    @Override
    public final List<Row> query(String sql, Object... params) {
        return withConnection(connection -> JdbcStatements.query(connection, arrays, sql, params));
    }

    @Override
    public final <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        Connector.requireMapper(mapper);
        return withConnection(connection -> JdbcStatements.query(connection, arrays, sql, mapper, params));
    }

    @Override
    public final <T> CompletionStage<List<T>> queryAsync(String sql, RowMapper<T> mapper, Object... params) {
        return async(() -> query(sql, mapper, params));
    }

    /** Statements on the caller's {@code java.sql.Connection}, bound as this connector binds them. */
    @Override
    public final CallerConnection onCallerConnection(Object connection) {
        return JdbcCallerConnection.of(connection, arrays, name);
    }

    @Override
    public final long execute(String sql, Object... params) {
        return withConnection(connection -> JdbcStatements.execute(connection, arrays, sql, params));
    }

    /**
     * Runs the work on a pooled connection. When the connection turns out lost, the pool's idle connections are
     * discarded ({@link #discardIdleConnections()}): a restart or {@code pg_terminate_backend} usually took them all,
     * and the next statement should not meet them one by one. When the server had terminated the backend
     * (SQLSTATE 57P01/57P02: a restart or {@code pg_terminate_backend} while it sat idle in the pool, or under the
     * statement, whose transaction then rolled back), the work is run once more, on a connection borrowed afresh
     * and with parameters bound afresh, instead of failing the caller.
     */
    private <T> T withConnection(Function<Connection, T> work) {
        try {
            return once(work);
        } catch (ConnectionLostException e) {
            if (!(e.getCause() instanceof SQLException cause) || !isTerminatedBackend(cause.getSQLState())) {
                throw e;
            }
            return once(work);
        }
    }

    private <T> T once(Function<Connection, T> work) {
        Connection connection = connection();
        try {
            return work.apply(connection);
        } catch (ConnectionLostException e) {
            discardIdleConnections();
            throw e;
        } catch (ProcrastinateException e) {
            throw e;
        } catch (JdbcStatements.MapperFailure e) {
            throw e.unwrap();
        } catch (RuntimeException | StackOverflowError e) {
            // A driver failing with other than an SQLException (pgjdbc-ng 0.8.9 overflows the stack mapping a
            // server error met by createArrayOf) must still reach the caller as a ProcrastinateException: callers
            // such as the worker's job-end writer retry those and would not survive anything else.
            if (!SqlExceptions.isValid(connection)) {
                discardIdleConnections();
                throw new ConnectionLostException("database connection lost: " + e, e);
            }
            throw new DatabaseException("the statement failed in the JDBC driver or while its rows were read: " + e,
                    null, e);
        } finally {
            release(connection);
        }
    }

    /**
     * Gives the connection back to the pool. The statement's outcome is decided by then, so a connection that fails
     * to close (the server has just dropped it) does not turn a statement that went through into a failure; the
     * pool discards such a connection itself.
     */
    private static void release(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a pooled connection failed: {}", e.toString());
        }
    }

    private static boolean isTerminatedBackend(String sqlState) {
        return "57P01".equals(sqlState) || "57P02".equals(sqlState);
    }

    /**
     * Soft-evicts the idle connections of the connector's own pool (connections in use are discarded when given
     * back), after one was found lost; an application's pool is its own business.
     */
    private void discardIdleConnections() {
        if (ownedPool != null && ownedPool.getHikariPoolMXBean() != null) {
            ownedPool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    @Override
    public final Subscription listen(Collection<String> channels, NotificationListener listener) {
        checkOpen();
        JdbcListenLoop subscription = new JdbcListenLoop("procrastinate-" + name + "-listen", List.copyOf(channels),
                listener, listenConnections, receiver, subscriptions::remove);
        subscriptions.add(subscription);
        return subscription.start();
    }

    @Override
    public final void executeScript(String sql) {
        once(connection -> {
            JdbcStatements.executeScript(connection, sql);
            return null;
        });
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

    /**
     * Borrows a connection; failures to get one are {@link ConnectionLostException}s. A connection the pool hands
     * out already closed (its server side terminated while it sat idle, and the driver noticed) is given back, the
     * idle ones with it, and one more is borrowed: nothing was sent on it, so nothing can have run twice.
     */
    protected final Connection connection() {
        try {
            return borrow();
        } catch (ConnectionLostException e) {
            if (!(e.getCause() instanceof DeadOnBorrow)) {
                throw e;
            }
            discardIdleConnections();
            return borrow();
        }
    }

    private Connection borrow() {
        checkOpen();
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            ProcrastinateException translated = SqlExceptions.translate(e, "connect");
            throw translated.isTransient() ? translated
                    : new ConnectionLostException("could not get a database connection: " + e.getMessage(), e);
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return connection;
        } catch (SQLException e) {
            ProcrastinateException translated = SqlExceptions.translate(e, "connect", connection);
            release(connection);
            if (translated instanceof ConnectionLostException) {
                throw new ConnectionLostException("a pooled connection was found closed: " + e.getMessage(),
                        new DeadOnBorrow(e));
            }
            throw translated;
        }
    }

    /** Marks a connection that failed before any statement was sent on it. */
    private static final class DeadOnBorrow extends SQLException {
        private static final long serialVersionUID = 1L;

        DeadOnBorrow(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
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

    /** Closes subscriptions, the executor, and the pool when the connector created it. */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            io.shutdown();
            subscriptions.forEach(JdbcListenLoop::close);
            if (ownedPool != null) {
                ownedPool.close();
            }
        }
    }
}
