package dev.procrastinate.core.worker;

/** Why a running job is asked to abort. */
public enum AbortReason {
    /** Someone called {@code cancelJob(id, abort=true)}. */
    USER_REQUEST,
    /** The worker stopped and its graceful timeout passed. */
    SHUTDOWN,
    /**
     * The job is no longer this worker's: the worker was pruned (frozen or cut off past the stalled timeout) and the
     * job was handed to another run. Its end is not written.
     */
    LOST_OWNERSHIP
}
