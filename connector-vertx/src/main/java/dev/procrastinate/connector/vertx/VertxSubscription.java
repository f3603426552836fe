package dev.procrastinate.connector.vertx;

import dev.procrastinate.api.ListenReconnection;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.api.Subscription;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN through a {@link PgSubscriber}. A broken connection is replaced by a new subscriber after the back-off of
 * {@link ListenReconnection}, which reports every loss and every re-subscription to the listener.
 */
final class VertxSubscription implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(VertxSubscription.class);

    private final VertxConnector connector;
    private final List<String> channels;
    private final ListenReconnection reconnection;
    private final Consumer<VertxSubscription> onClose;
    private volatile PgSubscriber subscriber;
    private volatile boolean closed;

    VertxSubscription(VertxConnector connector, List<String> channels, NotificationListener listener,
            Consumer<VertxSubscription> onClose) {
        this.connector = connector;
        this.channels = channels;
        this.reconnection = new ListenReconnection(listener, e -> LOG.warn("notification listener failed", e));
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
                    .handler(payload -> reconnection.deliver(channel, payload))
                    .subscribeHandler(ignored -> {
                        if (subscribed.incrementAndGet() == channels.size() && reconnection.listening()) {
                            LOG.info("LISTEN connection restored on {}", channels);
                        }
                    });
        }
        next.closeHandler(ignored -> lost(new IllegalStateException("LISTEN connection closed")));
        subscriber = next;
        next.connect().onFailure(this::lost);
    }

    private void lost(Throwable cause) {
        if (closed) {
            reconnection.stopped();
            return;
        }
        Duration pause = reconnection.lost(cause);
        (reconnection.failuresInARow() == 1 ? LOG.atWarn() : LOG.atDebug())
                .log("LISTEN connection lost, reconnecting in {}: {}", pause, cause.toString());
        connector.vertx().setTimer(Math.max(1, pause.toMillis()), id -> connect());
    }

    @Override
    public boolean isListening() {
        return reconnection.isListening();
    }

    @Override
    public void close() {
        PgSubscriber current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            reconnection.stopped();
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
