package dev.procrastinate.core.worker;

import dev.procrastinate.api.Notification;
import dev.procrastinate.api.NotificationListener;
import dev.procrastinate.core.json.JsonCodec;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the worker does with a NOTIFY: an abort request aborts the job; anything else wakes the fetch loop. */
record Notifications(JsonCodec json, Wakeup wakeup, LongConsumer abortRequested) implements NotificationListener {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    /** The channels a worker of these queues listens on (upstream's names). */
    static List<String> channels(List<String> queues) {
        if (queues.isEmpty()) {
            return List.of("procrastinate_any_queue_v1");
        }
        return queues.stream().map(queue -> "procrastinate_queue_v1#" + queue).toList();
    }

    @Override
    public void onNotification(Notification notification) {
        String payload = notification.payload();
        if (payload.contains("abort_job_requested")) {
            jobIdOf(payload).ifPresent(abortRequested::accept);
        } else {
            wakeup.signal();
        }
    }

    @Override
    public void onListening() {
        wakeup.signal();
    }

    private Optional<Long> jobIdOf(String payload) {
        try {
            Object id = json.toMap(payload).get("job_id");
            return id instanceof Number number ? Optional.of(number.longValue()) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.debug("ignoring notification with payload {}", payload);
            return Optional.empty();
        }
    }
}
