package dev.procrastinate.api;

/** A running LISTEN. Closing it stops listening and releases its connection; closing twice does nothing. */
public interface Subscription extends AutoCloseable {

    /** Whether the LISTEN connection is up right now (false while reconnecting). Thread-safe; never throws. */
    boolean isListening();

    /** Stops listening and releases the connection; idempotent, thread-safe, never throws. */
    @Override
    void close();
}
