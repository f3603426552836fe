package dev.procrastinate.tck;

import dev.procrastinate.api.Connector;

/**
 * A database on a server that the kit may stop and start again, at the same address and with the same data: what
 * {@link ConnectorFixture#restartableDatabase()} hands the kit for its restart test. The server should not be the
 * one other tests share, as they would see it go down.
 */
public interface RestartableDatabase {

    /** A new, unopened connector on this database (the kit closes it). */
    Connector createConnector();

    /** Stops the server, ending every connection; returns once it no longer accepts any. */
    void stop();

    /** Starts the server again; returns once it accepts connections. */
    void start();
}
