package dev.procrastinate.core.task;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.Subscription;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** A connector for tests that must not reach a database: every call fails the test. */
final class UnusedConnector implements Connector {

    private static AssertionError unexpected() {
        return new AssertionError("this test must not touch the database");
    }

    @Override
    public String name() {
        return "unused";
    }

    @Override
    public void open() {
        throw unexpected();
    }

    @Override
    public List<Row> query(String sql, Object... params) {
        throw unexpected();
    }

    @Override
    public long execute(String sql, Object... params) {
        throw unexpected();
    }

    @Override
    public void executeScript(String sql) {
        throw unexpected();
    }

    @Override
    public CompletionStage<List<Row>> queryAsync(String sql, Object... params) {
        throw unexpected();
    }

    @Override
    public CompletionStage<Long> executeAsync(String sql, Object... params) {
        throw unexpected();
    }

    @Override
    public Subscription listen(Collection<String> channels, NotificationListener listener) {
        throw unexpected();
    }

    @Override
    public void close() {
    }
}
