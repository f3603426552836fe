package dev.procrastinate.api;

/**
 * Filters for {@link JobManager#listJobs} and the per-queue, per-task and per-lock counts ({@link
 * JobManager#listQueues} …): every non-null field must match. {@code order} says which jobs come first (oldest, by
 * id, unless asked otherwise, as upstream's {@code list_jobs}); {@code limit} caps the number of rows in that order,
 * 0 meaning no limit. Start with {@link #all()}: {@code JobQuery.all().withQueue("emails").newestFirst()}.
 * Immutable.
 */
public record JobQuery(Long id, String queueName, String taskName, JobStatus status, String lock,
        String queueingLock, Long workerId, int limit, Order order) {

    /** Which jobs a listing gives first. */
    public enum Order {
        /** Smallest id (first deferred) first: upstream's order. */
        OLDEST_FIRST,
        /** Largest id (last deferred) first: what a screen of recent jobs wants. */
        NEWEST_FIRST
    }

    /**
     * @throws NullPointerException when {@code order} is null
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    public JobQuery {
        java.util.Objects.requireNonNull(order, "order");
        if (limit < 0) {
            throw new IllegalArgumentException("a job listing's limit must be 0 (no limit) or more, not " + limit);
        }
    }

    /** Every job, oldest first, no limit. */
    public static JobQuery all() {
        return new JobQuery(null, null, null, null, null, null, null, 0, Order.OLDEST_FIRST);
    }

    /** Only the job of this id (null: any). */
    public JobQuery withId(Long value) { return edit(d -> d.id = value); }

    /** Only jobs of this queue (null: any). */
    public JobQuery withQueue(String value) { return edit(d -> d.queueName = value); }

    /** Only jobs of this task name (null: any). */
    public JobQuery withTask(String value) { return edit(d -> d.taskName = value); }

    /** Only jobs in this status (null: any). */
    public JobQuery withStatus(JobStatus value) { return edit(d -> d.status = value); }

    /** Only jobs with this lock (null: any). */
    public JobQuery withLock(String value) { return edit(d -> d.lock = value); }

    /** Only jobs with this queueing lock (null: any). */
    public JobQuery withQueueingLock(String value) { return edit(d -> d.queueingLock = value); }

    /** Only jobs claimed by this worker (null: any). */
    public JobQuery withWorkerId(Long value) { return edit(d -> d.workerId = value); }

    /**
     * At most {@code value} jobs (0: no limit), the first ones in {@link #order()}.
     *
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public JobQuery withLimit(int value) { return edit(d -> d.limit = value); }

    /**
     * In this order.
     *
     * @throws NullPointerException when {@code value} is null
     */
    public JobQuery withOrder(Order value) { return edit(d -> d.order = value); }

    /** {@code withOrder(Order.NEWEST_FIRST)}. */
    public JobQuery newestFirst() {
        return withOrder(Order.NEWEST_FIRST);
    }

    /** A copy of this query with {@code change} applied, validated by the constructor. */
    private JobQuery edit(java.util.function.Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return new JobQuery(d.id, d.queueName, d.taskName, d.status, d.lock, d.queueingLock, d.workerId, d.limit,
                d.order);
    }

    /** The fields of a query being edited. */
    private static final class Draft {
        private Long id;
        private String queueName;
        private String taskName;
        private JobStatus status;
        private String lock;
        private String queueingLock;
        private Long workerId;
        private int limit;
        private Order order;

        private Draft(JobQuery from) {
            id = from.id;
            queueName = from.queueName;
            taskName = from.taskName;
            status = from.status;
            lock = from.lock;
            queueingLock = from.queueingLock;
            workerId = from.workerId;
            limit = from.limit;
            order = from.order;
        }
    }
}
