package dev.procrastinate.spring;

import dev.procrastinate.api.CallerConnection;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.DatabaseException;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.core.job.CallerTransaction;
import dev.procrastinate.core.job.ForwardingJobManager;
import dev.procrastinate.jdbc.JdbcCallerConnection;
import dev.procrastinate.jdbc.JdbcStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The job manager of a Spring application: a defer made while a Spring transaction is active on the application's
 * DataSource runs on that transaction's connection, so the job exists, and workers are notified, only if the
 * transaction commits. Outside a transaction, defers go through the connector as usual. Deferred jobs are reported
 * to the listener once they are visible (after the commit, in a transaction). The transaction's connection is given to
 * the connector's {@link Connector#onCallerConnection} hook; a connector that takes no {@code java.sql.Connection}
 * (Vert.x) leaves it to procrastinate-jdbc's statements.
 */
final class TransactionalJobManager extends ForwardingJobManager {

    private final Connector connector;
    private final DataSource dataSource;
    private final DeferListener listener;

    /** {@code dataSource} null: never join transactions (the queue lives in another database). */
    TransactionalJobManager(JobManager delegate, Connector connector, DataSource dataSource, DeferListener listener) {
        super(delegate);
        this.connector = connector;
        this.dataSource = dataSource;
        this.listener = listener;
    }

    private boolean inTransaction() {
        return dataSource != null && TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    public long defer(JobToDefer job) {
        return batchDefer(List.of(job)).get(0);
    }

    @Override
    public List<Long> batchDefer(List<JobToDefer> jobs) {
        if (!inTransaction()) {
            List<Long> ids = delegate().batchDefer(jobs);
            listener.deferred(jobs);
            return ids;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            List<Long> ids = deferKeepingTheTransactionUsable(connection, jobs);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    listener.deferred(jobs);
                }
            });
            return ids;
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * A queueing-lock clash aborts a PostgreSQL transaction; jobs with a queueing lock are deferred under a savepoint
     * so that the caller can catch {@code AlreadyEnqueuedException} and still commit its own work.
     */
    private List<Long> deferKeepingTheTransactionUsable(Connection connection, List<JobToDefer> jobs) {
        CallerTransaction transaction = CallerTransaction.on(callerConnection(connection));
        if (jobs.stream().noneMatch(job -> job.queueingLock() != null)) {
            return transaction.batchDefer(jobs);
        }
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            return transaction.batchDefer(jobs);
        }
        try {
            List<Long> ids = transaction.batchDefer(jobs);
            connection.releaseSavepoint(savepoint);
            return ids;
        } catch (ProcrastinateException e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } catch (SQLException e) {
            throw new DatabaseException("could not release the defer savepoint", e.getSQLState(), e);
        }
    }

    /** The connector's statements on the transaction's connection, or procrastinate-jdbc's if it takes none. */
    private CallerConnection callerConnection(Connection connection) {
        try {
            return connector.onCallerConnection(connection);
        } catch (ConfigurationException notJdbc) {
            return JdbcCallerConnection.of(connection, JdbcStatements.ArrayBinding.CREATE_ARRAY_OF, connector.name());
        }
    }

    @Override
    public CompletionStage<Long> deferAsync(JobToDefer job) {
        return batchDeferAsync(List.of(job)).thenApply(ids -> ids.get(0));
    }

    @Override
    public CompletionStage<List<Long>> batchDeferAsync(List<JobToDefer> jobs) {
        if (inTransaction()) {
            try {
                return CompletableFuture.completedFuture(batchDefer(jobs));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return delegate().batchDeferAsync(jobs).thenApply(ids -> {
            listener.deferred(jobs);
            return ids;
        });
    }
}
