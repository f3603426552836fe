package dev.procrastinate.connector.vertx;

import dev.procrastinate.api.Notification;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.Subscription;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN through a {@link PgSubscriber}. A broken connection is replaced by a new subscriber after a back-off
 * (100 ms doubling to 5 s), so every loss is reported to the listener and every re-subscription too.
 */
final class VertxSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(VertxSubscription.class);

    private final VertxConnector connector;
    private final List<String> channels;
    private final NotificationListener listener;
    private final Consumer<VertxSubscription> onClose;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile PgSubscriber subscriber;
    private volatile boolean listening;
    private volatile boolean closed;

    VertxSubscription(VertxConnector connector, List<String> channels, NotificationListener listener,
            Consumer<VertxSubscription> onClose) {
        this.connector = connector;
        this.channels = channels;
        this.listener = listener;
        this.onClose = onClose;
    }

    void start() {
        connect();
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        PgSubscriber next = PgSubscriber.subscriber(connector.vertx(), connector.listenConnectOptions());
        AtomicInteger subscribed = new AtomicInteger();
        for (String channel : channels) {
            next.channel(channel)
                    .handler(payload -> safely(() -> listener.onNotification(new Notification(channel, payload))))
                    .subscribeHandler(ignored -> {
                        if (subscribed.incrementAndGet() == channels.size()) {
                            if (failures.getAndSet(0) > 0) {
                                LOG.info("LISTEN connection restored on {}", channels);
                            }
                            listening = true;
                            safely(listener::onListening);
                        }
                    });
        }
        next.closeHandler(ignored -> lost(new IllegalStateException("LISTEN connection closed")));
        subscriber = next;
        next.connect().onFailure(this::lost);
    }

    private void lost(Throwable cause) {
        listening = false;
        if (closed) {
            return;
        }
        int count = failures.incrementAndGet();
        if (count == 1) {
            LOG.warn("LISTEN connection lost, reconnecting: {}", cause.toString());
        } else {
            LOG.debug("LISTEN reconnection failed: {}", cause.toString());
        }
        safely(() -> listener.onConnectionLost(cause));
        long delay = Math.min(5_000L, 100L << Math.min(count - 1, 6));
        connector.vertx().setTimer(delay, id -> connect());
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("notification listener failed", e);
        }
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    @Override
    public void close() {
        PgSubscriber current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            listening = false;
            current = subscriber;
        }
        if (current != null) {
            try {
                current.close().toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("LISTEN connection did not close cleanly: {}", e.toString());
            }
        }
        onClose.accept(this);
    }
}
