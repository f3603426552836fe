package dev.procrastinate.bench;

import dev.procrastinate.api.CallerConnection;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.RowMapper;
import dev.procrastinate.api.Subscription;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connector that counts, for section "processes", the statements a worker runs through it: all of them, and the
 * claims (the claim statement, {@code candidate AS MATERIALIZED}) with the jobs they returned, so that batch sizes
 * and statements per job can be compared between worker processes of different sizes. Everything else is the wrapped
 * connector's.
 */
final class CountingConnector implements Connector {

    private final Connector connector;
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicLong claimed = new AtomicLong();

    CountingConnector(Connector connector) {
        this.connector = connector;
    }

    /** Statements, claims and jobs claimed so far. */
    long[] counts() {
        return new long[] {statements.get(), claims.get(), claimed.get()};
    }

    private <T> List<T> counted(String sql, List<T> rows) {
        statements.incrementAndGet();
        if (sql.contains("candidate AS MATERIALIZED")) {
            claims.incrementAndGet();
            claimed.addAndGet(rows.size());
        }
        return rows;
    }

    @Override
    public String name() {
        return connector.name();
    }

    @Override
    public void open() {
        connector.open();
    }

    @Override
    public List<Row> query(String sql, Object... params) {
        return counted(sql, connector.query(sql, params));
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return counted(sql, connector.query(sql, mapper, params));
    }

    @Override
    public <T> CompletionStage<List<T>> queryAsync(String sql, RowMapper<T> mapper, Object... params) {
        return connector.queryAsync(sql, mapper, params).thenApply(rows -> counted(sql, rows));
    }

    @Override
    public CompletionStage<List<Row>> queryAsync(String sql, Object... params) {
        return connector.queryAsync(sql, params).thenApply(rows -> counted(sql, rows));
    }

    @Override
    public CallerConnection onCallerConnection(Object connection) {
        return connector.onCallerConnection(connection);
    }

    @Override
    public long execute(String sql, Object... params) {
        statements.incrementAndGet();
        return connector.execute(sql, params);
    }

    @Override
    public void executeScript(String sql) {
        statements.incrementAndGet();
        connector.executeScript(sql);
    }

    @Override
    public CompletionStage<Long> executeAsync(String sql, Object... params) {
        statements.incrementAndGet();
        return connector.executeAsync(sql, params);
    }

    @Override
    public Subscription listen(Collection<String> channels, NotificationListener listener) {
        return connector.listen(channels, listener);
    }

    @Override
    public void close() {
        connector.close();
    }
}
