package dev.procrastinate.core.worker;

/** Why a running job is asked to abort. */
public enum AbortReason {
    /** Someone called {@code cancelJob(id, abort=true)}. */
    USER_REQUEST,
    /** The worker stopped and its graceful timeout passed. */
    SHUTDOWN
}
