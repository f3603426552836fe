/**
 * The procrastinate SPI: what a connector implements and what the rest of the framework relies on.
 *
 * <p>This package depends on the JDK only. Connectors implement {@link dev.procrastinate.api.Connector} and
 * register a {@link dev.procrastinate.api.ConnectorProvider} with {@link java.util.ServiceLoader};
 * {@link dev.procrastinate.api.Connectors} finds them. {@link dev.procrastinate.api.JobManager} is what users
 * do to the queue, {@link dev.procrastinate.api.WorkerStore} what workers do, {@link dev.procrastinate.api.Task} is
 * the code a job runs. Every exception thrown
 * is a {@link dev.procrastinate.api.ProcrastinateException}, and says through its branch whether retrying helps.
 *
 * <p>What every type here holds unless its documentation says otherwise: records and enums are immutable and
 * thread-safe, and their canonical constructors check what their factories and builders check; a parameter may not
 * be null (a {@link java.lang.NullPointerException} names it); a method returns no null (absence is an empty
 * {@link java.util.Optional} or list); interfaces implemented by the framework are thread-safe; argument errors are
 * {@link java.lang.IllegalArgumentException}s or {@link dev.procrastinate.api.ConfigurationException}s naming the
 * value to fix, and everything a database says is a {@link dev.procrastinate.api.ProcrastinateException}.
 */
package dev.procrastinate.api;
