package dev.procrastinate.api;

/** A running LISTEN. Closing it stops listening and releases its connection; closing twice does nothing. */
public interface Subscription extends AutoCloseable {

    /** Whether the LISTEN connection is up right now (false while reconnecting). */
    boolean isListening();

    @Override
    void close();
}
