package dev.procrastinate.api;

import java.util.List;

/**
 * Cluster-wide control of queues, kept in the database (it survives restarts of workers and of the database) and
 * honoured by every procrastinate-java worker in the statement that claims jobs; Python procrastinate workers in
 * the same database ignore it. Needs procrastinate-java's own tables (schema step 3): without them each call throws
 * a {@link SchemaException} saying how to install them.
 */
public interface QueueControls {

    /**
     * Stops every worker from claiming new jobs of the queue (a queue that has no job yet may be paused too). Jobs
     * already running finish. Idempotent.
     */
    void pauseQueue(String queueName);

    /** Lets workers claim the queue's jobs again, at once (they are woken up). Idempotent. */
    void resumeQueue(String queueName);

    /** Replaces the queue's limits; {@link QueueLimits#NONE} removes them. Workers are woken up. */
    void setQueueLimits(String queueName, QueueLimits limits);

    /** Every queue that is paused or limited, by name. */
    List<QueueControl> listQueueControls();
}
