package dev.procrastinate.tck;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A transaction of the test's own, begun on a connection of the kind the connector's
 * {@code onCallerConnection} takes, for {@link CallerConnectionContract}. Closing it rolls back what was not
 * committed and closes the connection.
 */
public interface CallerTransactionHandle extends AutoCloseable {

    /** The connection, in the driver's form, with the transaction open. */
    Object connection();

    void commit();

    void rollback();

    @Override
    void close();

    /** A handle over a JDBC connection: auto-commit is switched off, so a transaction is open. */
    static CallerTransactionHandle jdbc(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        return new CallerTransactionHandle() {
            @Override
            public Object connection() {
                return connection;
            }

            @Override
            public void commit() {
                run(connection::commit);
            }

            @Override
            public void rollback() {
                run(connection::rollback);
            }

            @Override
            public void close() {
                run(connection::close);
            }
        };
    }

    /** A JDBC call whose SQLException fails the test. */
    @FunctionalInterface
    interface SqlAction {
        void run() throws SQLException;
    }

    private static void run(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
