package dev.procrastinate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.procrastinate.api.Connector;
import dev.procrastinate.api.Notification;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.Subscription;
import dev.procrastinate.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** LISTEN/NOTIFY: delivery on procrastinate's channel names, and closing; recovery is in {@link FaultContract}. */
public interface ListenContract extends ConnectorFixture {

    /** Records what a subscription reports. */
    final class Recorder implements NotificationListener {
        final List<Notification> received = new CopyOnWriteArrayList<>();
        final AtomicInteger listening = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();

        @Override
        public void onNotification(Notification notification) {
            received.add(notification);
        }

        @Override
        public void onListening() {
            listening.incrementAndGet();
        }

        @Override
        public void onConnectionLost(Throwable cause) {
            lost.incrementAndGet();
        }
    }

    @Test
    default void listenDeliversNotificationsOnChannelsWithAHash(TestDatabase database) {
        Recorder recorder = new Recorder();
        String queue = "procrastinate_queue_v1#default";
        String any = "procrastinate_any_queue_v1";
        try (Connector connector = createConnector(database);
                Subscription subscription = connector.listen(List.of(queue, any), recorder)) {
            await().atMost(Duration.ofSeconds(15)).until(subscription::isListening);
            assertThat(recorder.listening.get()).isGreaterThanOrEqualTo(1);

            connector.query("SELECT pg_notify($1, 'to-queue')::text AS r, pg_notify($2, 'to-any')::text AS s",
                    queue, any);

            await().atMost(Duration.ofSeconds(15)).until(() -> recorder.received.size() == 2);
            assertThat(recorder.received).containsExactlyInAnyOrder(new Notification(queue, "to-queue"),
                    new Notification(any, "to-any"));
        }
    }

    @Test
    default void closingTheSubscriptionStopsListening(TestDatabase database) {
        Recorder recorder = new Recorder();
        try (Connector connector = createConnector(database)) {
            Subscription subscription = connector.listen(List.of("procrastinate_any_queue_v1"), recorder);
            await().atMost(Duration.ofSeconds(15)).until(subscription::isListening);

            subscription.close();
            subscription.close();

            assertThat(subscription.isListening()).isFalse();
            await().atMost(Duration.ofSeconds(15)).until(() -> database.queryForLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            + "AND query ILIKE 'LISTEN%'") == 0);
        }
    }
}
