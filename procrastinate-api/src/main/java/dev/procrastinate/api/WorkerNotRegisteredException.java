package dev.procrastinate.api;

/**
 * The worker's registration ({@code procrastinate_workers} row) is gone: another worker pruned it because its
 * heartbeats stopped for longer than the stalled timeout (a freeze, a long pause, a network cut). The worker owns
 * none of the jobs it was running; it must stop them and register again before claiming anything.
 */
public class WorkerNotRegisteredException extends ProcrastinateNonTransientException {

    private final Long workerId;

    /**
     * About worker {@code workerId} (null when unknown). The message says that the worker is no longer registered and
     * why that happens, then {@code detail} (the server's words, may be null); {@code cause} may be null.
     */
    public WorkerNotRegisteredException(Long workerId, String detail, Throwable cause) {
        super((workerId == null ? "the worker" : "worker " + workerId) + " is no longer registered (its "
                + "procrastinate_workers row was pruned after its heartbeats stopped)"
                + (detail == null || detail.isBlank() ? "" : ": " + detail), cause);
        this.workerId = workerId;
    }

    /** The id that is no longer registered, when known. */
    public Long workerId() {
        return workerId;
    }
}
