package dev.procrastinate.connector.vertx;

import dev.procrastinate.api.CallerConnection;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.ConnectorOptions;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.PostgresUrl;
import dev.procrastinate.api.ProcrastinateNonTransientException;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.RowMapper;
import dev.procrastinate.api.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.RowSet;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The asynchronous connector, on the Vert.x PostgreSQL client: the {@code *Async} methods are non-blocking end to
 * end; the blocking ones wait for them and refuse to run on a Vert.x event-loop thread. LISTEN uses
 * {@code PgSubscriber} on a connection of its own.
 */
public final class VertxConnector implements Connector {

    public static final String NAME = "vertx";

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final PgConnectOptions listenOptions;
    private final Pool pool;
    /**
     * The context of every pool call made from a thread that has none (the worker's, the application's): without it,
     * Vert.x creates a new context for each such call (and picks the next event loop for it), so one context made
     * here saves that per statement and keeps the pool's connections and their completions on one event loop. Null
     * for a Vert.x instance that is not Vert.x's own implementation (calls then go as Vert.x makes them).
     */
    private final ContextInternal context;
    private final Set<VertxSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private VertxConnector(Vertx vertx, boolean ownsVertx, ConnectorOptions options) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.listenOptions = connectOptions(options.listenPostgresUrl(), false);
        this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(options.maxPoolSize())
                        .setConnectionTimeout((int) options.connectionTimeout().toMillis())
                        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
                .connectingTo(connectOptions(options.postgresUrl(), options.transactionPooler())).using(vertx).build();
        this.context = vertx instanceof VertxInternal internal ? internal.createEventLoopContext() : null;
    }

    /** A connector with a Vert.x instance of its own, closed with it. */
    public static VertxConnector create(ConnectorOptions options) {
        return new VertxConnector(Vertx.vertx(), true, options);
    }

    /** A connector on the application's Vert.x instance, which it leaves open. */
    public static VertxConnector create(Vertx vertx, ConnectorOptions options) {
        return new VertxConnector(vertx, false, options);
    }

    /** Whether the URL is one this connector reads: {@code postgresql://} or {@code postgres://}. */
    static boolean supports(ConnectorOptions options) {
        String url = options.url();
        return PostgresUrl.isPostgresUrl(url) && !url.toLowerCase(Locale.ROOT).startsWith("jdbc:");
    }

    /**
     * The Vert.x options of an address read by {@link PostgresUrl} (any URL form; the query's parameters, such as
     * {@code sslmode}, read by Vert.x), with prepared statements cached per connection. Behind a pooler in transaction
     * mode, Vert.x's layer-7 proxy mode and no cache: no named prepared statements, which such a pooler cannot follow.
     */
    static PgConnectOptions connectOptions(PostgresUrl address, boolean transactionPooler) {
        PgConnectOptions connect;
        try {
            connect = PgConnectOptions.fromUri("postgresql://" + address.authority()
                    + (address.database().isEmpty() ? "" : "/" + address.database())
                    + (address.query() == null ? "" : "?" + address.query()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("connector 'vertx': invalid URL " + address + ": " + e.getMessage(), e);
        }
        if (address.user() != null) {
            connect.setUser(address.user());
        }
        if (address.password() != null) {
            connect.setPassword(address.password());
        }
        // Prepared once per connection and reused, as pgjdbc does after its prepareThreshold: without the cache
        // Vert.x parses and plans every statement again on every call. Every statement is cached whatever its
        // length (the claim is longer than Vert.x's default limit of 2,048 characters); they are a fixed set, one
        // claim per batch size among them. Not behind a pooler in transaction mode, which cannot follow named ones.
        return connect.setUseLayer7Proxy(transactionPooler).setCachePreparedStatements(!transactionPooler)
                .setPreparedStatementCacheSqlFilter(sql -> true).setPreparedStatementCacheMaxSize(512);
    }

    Vertx vertx() {
        return vertx;
    }

    /** Where LISTEN connects: {@link ConnectorOptions#listenUrl()}, a direct address when statements go through a pooler. */
    PgConnectOptions listenConnectOptions() {
        return listenOptions;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void open() {
        checkOpen();
    }

    @Override
    public List<Row> query(String sql, Object... params) {
        return await(queryAsync(sql, params), sql);
    }

    @Override
    public long execute(String sql, Object... params) {
        return await(executeAsync(sql, params), sql);
    }

    @Override
    public void executeScript(String sql) {
        await(stage(onContext(() -> pool.withTransaction(connection -> connection.query(sql).execute().mapEmpty())),
                sql), sql);
    }

    @Override
    public CompletionStage<List<Row>> queryAsync(String sql, Object... params) {
        return run(sql, params, VertxRows::rows);
    }

    @Override
    public CompletionStage<Long> executeAsync(String sql, Object... params) {
        return run(sql, params, VertxConnector::changed);
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return await(queryAsync(sql, mapper, params), sql);
    }

    @Override
    public <T> CompletionStage<List<T>> queryAsync(String sql, RowMapper<T> mapper, Object... params) {
        Connector.requireMapper(mapper);
        return run(sql, params, rows -> VertxRows.map(rows, mapper));
    }

    /** Runs a statement on the pool and reads its rows with {@code reading}; every failure is a failed stage. */
    private <T> CompletionStage<T> run(String sql, Object[] params,
            Function<RowSet<io.vertx.sqlclient.Row>, T> reading) {
        try {
            checkOpen();
            return stage(onContext(() -> pool.preparedQuery(sql).execute(VertxRows.tuple(params)).map(reading::apply)),
                    sql);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(VertxErrors.translate(e, sql));
        }
    }

    /**
     * Makes a pool call on the caller's thread: as it is on a Vert.x thread (the caller's context is kept, so its
     * callbacks run there), else under the connector's own context, which the call then finds as the current one.
     */
    private <T> Future<T> onContext(Supplier<Future<T>> call) {
        if (context == null || Vertx.currentContext() != null) {
            return call.get();
        }
        ContextInternal previous = context.beginDispatch();
        try {
            return call.get();
        } finally {
            context.endDispatch(previous);
        }
    }

    /** Statements on the caller's {@code io.vertx.sqlclient.SqlConnection}, in its transaction. */
    @Override
    public CallerConnection onCallerConnection(Object connection) {
        return VertxCallerConnection.of(connection);
    }

    /** The rows a statement changed; 0 for one that returns rows. */
    static long changed(RowSet<io.vertx.sqlclient.Row> rows) {
        return rows.columnsNames() != null && !rows.columnsNames().isEmpty() ? 0L : (long) rows.rowCount();
    }

    static <T> CompletionStage<T> stage(Future<T> future, String sql) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.onComplete(value -> result.complete(value),
                error -> result.completeExceptionally(error instanceof VertxRows.MapperFailure mapper
                        ? mapper.getCause() : VertxErrors.translate(error, sql)));
        return result;
    }

    static <T> T await(CompletionStage<T> stage, String sql) {
        if (Context.isOnEventLoopThread()) {
            throw new ProcrastinateNonTransientException("a blocking connector call on a Vert.x event-loop thread "
                    + "would block it; use the *Async methods there (statement: " + sql.strip().split("\n")[0] + ")");
        }
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            // stage() translated every driver failure; another RuntimeException is a row mapper's own
            throw e.getCause() instanceof RuntimeException known ? known : VertxErrors.translate(e, sql);
        }
    }

    @Override
    public Subscription listen(Collection<String> channels, NotificationListener listener) {
        checkOpen();
        VertxSubscription subscription = new VertxSubscription(this, List.copyOf(channels), listener,
                subscriptions::remove);
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new ProcrastinateNonTransientException("connector '" + NAME + "' is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscriptions.forEach(VertxSubscription::close);
        waitFor(pool.close());
        if (ownsVertx) {
            waitFor(vertx.close());
        }
    }

    private static void waitFor(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            org.slf4j.LoggerFactory.getLogger(VertxConnector.class).debug("close did not finish cleanly: {}",
                    e.toString());
        }
    }
}
