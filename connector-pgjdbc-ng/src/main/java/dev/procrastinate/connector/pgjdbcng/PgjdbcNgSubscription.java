package dev.procrastinate.connector.pgjdbcng;

import com.impossibl.postgres.api.jdbc.PGConnection;
import com.impossibl.postgres.api.jdbc.PGNotificationListener;
import dev.procrastinate.jdbc.JdbcListenLoop;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How pgjdbc-ng receives notifications: pushed by the driver on its own I/O thread; this thread only checks, once
 * a second, that the connection is still valid.
 */
final class PgjdbcNgSubscription implements JdbcListenLoop.Receiver {

    @Override
    public void receive(Connection connection, JdbcListenLoop loop) throws SQLException {
        connection.unwrap(PGConnection.class).addNotificationListener(new PGNotificationListener() {
            @Override
            public void notification(int processId, String channel, String payload) {
                loop.deliver(channel, payload);
            }
        });
        while (!loop.isClosed()) {
            if (!connection.isValid(2)) {
                throw new SQLException("LISTEN connection is no longer valid", "08006");
            }
            loop.pause(1_000);
        }
    }
}
