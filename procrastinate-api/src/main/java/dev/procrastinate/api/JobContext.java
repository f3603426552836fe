package dev.procrastinate.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a running task knows about its job and its worker. Created by the worker for one job run and valid during it;
 * its methods may be called from the task's thread or any thread it starts, return no null unless said, and throw
 * only where said.
 */
public interface JobContext {

    /** The job being run; never null. */
    Job job();

    /** The job's keyword arguments: maps, lists, strings, numbers, booleans and nulls, as JSON reads them. */
    Map<String, Object> args();

    /**
     * The job's arguments converted to a type (a record or bean whose properties are the argument names).
     *
     * @throws ConfigurationException when the arguments do not convert to {@code type}
     */
    <T> T argsAs(Class<T> type);

    /**
     * One argument converted to a type; {@code null} when absent or JSON null.
     *
     * @throws ConfigurationException when the argument does not convert to {@code type}
     */
    <T> T arg(String name, Class<T> type);

    /** The worker's name; never null. */
    String workerName();

    /** The queues the worker listens to; empty means all. */
    List<String> workerQueues();

    /** When this run started, by the app's clock; never null. */
    Instant startedAt();

    /** The worker's {@code additionalContext} option, as given. */
    Map<String, Object> additionalContext();

    /**
     * Whether the job should stop: its abort was requested, the worker is shutting down past its graceful timeout,
     * or the run exceeded its timeout.
     */
    boolean shouldAbort();

    /**
     * The task this job runs, as registered in the worker's app (its own name, options and code); never null while
     * the task runs (a job whose task is unknown never gets a context).
     */
    RegisteredTask task();

    /** The job manager of the app running the job, to defer follow-up jobs. */
    JobManager jobManager();
}
