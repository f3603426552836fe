/**
 * The procrastinate SPI: what a connector implements and what the rest of the framework relies on.
 *
 * <p>This package depends on the JDK only. Connectors implement {@link dev.procrastinate.api.Connector} and
 * register a {@link dev.procrastinate.api.ConnectorProvider} with {@link java.util.ServiceLoader};
 * {@link dev.procrastinate.api.Connectors} finds them. {@link dev.procrastinate.api.JobManager} is what users
 * do to the queue, {@link dev.procrastinate.api.WorkerStore} what workers do, {@link dev.procrastinate.api.Task} is
 * the code a job runs. Every exception thrown
 * is a {@link dev.procrastinate.api.ProcrastinateException}, and says through its branch whether retrying helps.
 */
package dev.procrastinate.api;
