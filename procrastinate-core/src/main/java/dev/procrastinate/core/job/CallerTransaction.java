package dev.procrastinate.core.job;

import dev.procrastinate.api.CallerConnection;
import dev.procrastinate.api.Cancellation;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.JobToDefer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Job operations inside the caller's own transaction, on the caller's own connection in its driver's form (a
 * {@code java.sql.Connection} for the JDBC connectors, a Vert.x {@code SqlConnection} for the Vert.x connector),
 * through
 * {@link Connector#onCallerConnection(Object)}. A deferred job exists, and workers hear of it, only if the caller
 * commits; a cancel takes effect only then; a rollback leaves the queue as it was. The connection is neither committed
 * nor closed. Like upstream's defer and cancel on a connection of the caller's.
 *
 * <p>Errors are the connector's: a {@code ConfigurationException} naming the expected type for a connection of
 * another kind, {@code AlreadyEnqueuedException} for a queueing-lock clash (which, as any failed statement, aborts a
 * PostgreSQL transaction unless the caller used a savepoint).
 */
public final class CallerTransaction {

    private final CallerConnection connection;

    private CallerTransaction(CallerConnection connection) {
        this.connection = connection;
    }

    /** Operations on {@code connection}, through {@code connector}, which decides what kind of connection it takes. */
    public static CallerTransaction of(Connector connector, Object connection) {
        return new CallerTransaction(Objects.requireNonNull(connector, "connector").onCallerConnection(connection));
    }

    /** Operations through statements a connector already made for the caller's connection. */
    public static CallerTransaction on(CallerConnection connection) {
        return new CallerTransaction(Objects.requireNonNull(connection, "connection"));
    }

    /** Defers one job and returns its id. */
    public long defer(JobToDefer job) {
        return batchDefer(List.of(job)).get(0);
    }

    /** Defers the jobs in one statement, all or none, and returns their ids in order. */
    public List<Long> batchDefer(List<JobToDefer> jobs) {
        return SqlJobManager.batchDefer(connection, jobs);
    }

    /** {@link #batchDefer} without blocking where the connection allows (Vert.x); a JDBC connection runs it now. */
    public CompletionStage<List<Long>> batchDeferAsync(List<JobToDefer> jobs) {
        return SqlJobManager.batchDeferAsync(connection, jobs);
    }

    /** Cancels a job as {@code JobManager.cancelJob(jobId, how)} does; whether it was cancelled. */
    public boolean cancelJob(long jobId, Cancellation how) {
        return SqlJobManager.cancelJob(connection, jobId, how);
    }
}
