package dev.procrastinate.tck;

import dev.procrastinate.api.Connector;
import dev.procrastinate.testing.PostgresExtension;
import dev.procrastinate.testing.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connector test kit. A connector (ours or yours) runs it with one small class:
 *
 * <pre>{@code
 * final class MyConnectorTestKit implements ConnectorTestKit {
 *     public Connector createConnector(TestDatabase database) { return MyConnector.create(database.connectorOptions()); }
 *     public String providerName() { return "my"; }
 * }
 * }</pre>
 *
 * Every test gets a fresh database from {@link PostgresExtension}. A connector that cannot support a feature
 * overrides that test with {@code @Disabled("reason")}. The tests are grouped by concern: {@link SpiContract} (SQL,
 * types, errors, async, close), {@link ListenContract} (LISTEN/NOTIFY), {@link QueueContract} (the queue working end
 * to end through the connector) and {@link FaultContract} (connections killed, the server restarted: the latter runs
 * only when {@link ConnectorFixture#restartableDatabase()} offers a server to restart) and
 * {@link CallerConnectionContract} (typed row reading, and defers and cancels inside a caller's own transaction).
 */
@ExtendWith(PostgresExtension.class)
public interface ConnectorTestKit extends SpiContract, ListenContract, QueueContract, FaultContract,
        CallerConnectionContract {
}
