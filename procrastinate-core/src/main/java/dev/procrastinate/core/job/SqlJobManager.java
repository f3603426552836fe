package dev.procrastinate.core.job;

import dev.procrastinate.api.CallerConnection;
import dev.procrastinate.api.Cancellation;
import dev.procrastinate.api.Connector;
import dev.procrastinate.api.FailureDetails;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEnd;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobEventType;
import dev.procrastinate.api.JobFailure;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.OldJobsDeletion;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.api.SchemaException;
import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.Row;
import dev.procrastinate.api.RowMapper;
import dev.procrastinate.api.StalledJobRecovery;
import dev.procrastinate.api.StatusCounts;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.core.internal.Batches;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JobManager} and {@link WorkerStore} of a real database: each operation is one statement calling the schema's
 * {@code procrastinate_*} functions, or, for batch defer, claiming several jobs and ending several jobs, doing what
 * those functions do directly on the tables (see {@link JobSql}), so it works on a schema created by Python
 * procrastinate 3.9 as well.
 */
public final class SqlJobManager implements JobManager, WorkerStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqlJobManager.class);

    /** Reads the {@code id} column: deferred job ids, and the cancel function's result. */
    private static final RowMapper<Long> ID = row -> row.getLong("id");

    private final Connector connector;
    /** procrastinate-java's own tables (schema step 1). */
    private final SchemaProbe extensions;
    /** Queue control (schema step 3). */
    private final SchemaProbe queueControls;
    /** Schema step 4's index of each queue's waiting jobs, which a claim of named queues walks. */
    private final SchemaProbe queueIndex;

    public SqlJobManager(Connector connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.extensions = new SchemaProbe(() -> present(JobSql.EXTENSIONS_PRESENT), () -> missing("extensions_missing",
                "procrastinate-java's own tables (procrastinate4j_*) are not in this database: failure details "
                        + "are not kept and stalled-job recoveries are counted by attempts."));
        this.queueControls = new SchemaProbe(() -> present(QueueControlSql.PRESENT), () -> missing(
                "queue_controls_missing", "procrastinate-java's queue control tables (schema step 3) are not in "
                        + "this database: queue pauses and limits are not honoured by this worker."));
        this.queueIndex = new SchemaProbe(() -> present(JobSql.QUEUE_INDEX_PRESENT), null);
    }

    /** The {@code present} column of a statement that asks whether a schema step is here. */
    private boolean present(String sql) {
        return connector.query(sql).get(0).getBoolean("present");
    }

    /** Says at WARN what is lost without a schema step and how to install it. */
    private static void missing(String action, String whatIsLost) {
        LOG.atWarn().addKeyValue("action", action).log(whatIsLost + " Install them with `procrastinate schema "
                + "--apply` or SchemaManager.applyExtensions(); everything else works without them.");
    }

    /** Defers all jobs in one statement on a caller's connection, in its transaction. */
    static List<Long> batchDefer(CallerConnection connection, List<JobToDefer> jobs) {
        return jobs.isEmpty() ? List.of()
                : Collections.unmodifiableList(connection.query(callerDeferSql(jobs), ID, batchParams(jobs)));
    }

    /** {@link #batchDefer(CallerConnection, List)} without blocking, where the connection allows. */
    static CompletionStage<List<Long>> batchDeferAsync(CallerConnection connection, List<JobToDefer> jobs) {
        return connection.queryAsync(callerDeferSql(jobs), ID, batchParams(jobs))
                .thenApply(Collections::unmodifiableList);
    }

    /** Cancels on a caller's connection, in its transaction; whether the job was cancelled. */
    static boolean cancelJob(CallerConnection connection, long jobId, Cancellation how) {
        return connection.query(JobSql.CANCEL, ID, jobId, how.abortRunning(), how.deleteJob()).get(0) != null;
    }

    @Override
    public long defer(JobToDefer job) {
        return batchDefer(List.of(job)).get(0);
    }

    @Override
    public List<Long> batchDefer(List<JobToDefer> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(connector.query(deferSql(jobs), ID, batchParams(jobs)));
    }

    @Override
    public CompletionStage<Long> deferAsync(JobToDefer job) {
        return batchDeferAsync(List.of(job)).thenApply(ids -> ids.get(0));
    }

    @Override
    public CompletionStage<List<Long>> batchDeferAsync(List<JobToDefer> jobs) {
        return connector.queryAsync(deferSql(jobs), ID, batchParams(jobs)).thenApply(Collections::unmodifiableList);
    }

    /** The plain batch defer, or the one that also records concurrency keys when a job has one. */
    private String deferSql(List<JobToDefer> jobs) {
        if (!hasConcurrencyKey(jobs)) {
            return JobSql.DEFER_BATCH;
        }
        requireQueueControls("a concurrency key (JobToDefer.concurrencyKey)");
        return QueueControlSql.DEFER_BATCH_KEYED;
    }

    /** On a caller's connection nothing is checked beforehand: without step 3 the server names the missing table. */
    private static String callerDeferSql(List<JobToDefer> jobs) {
        return hasConcurrencyKey(jobs) ? QueueControlSql.DEFER_BATCH_KEYED : JobSql.DEFER_BATCH;
    }

    private static boolean hasConcurrencyKey(List<JobToDefer> jobs) {
        for (JobToDefer job : jobs) {
            if (job.concurrencyKey() != null) {
                return true;
            }
        }
        return false;
    }

    private static Object[] batchParams(List<JobToDefer> jobs) {
        int n = jobs.size();
        String[] queues = new String[n];
        String[] tasks = new String[n];
        Integer[] priorities = new Integer[n];
        String[] locks = new String[n];
        String[] queueingLocks = new String[n];
        String[] args = new String[n];
        String[] scheduled = new String[n];
        for (int i = 0; i < n; i++) {
            JobToDefer job = jobs.get(i);
            queues[i] = job.queueName();
            tasks[i] = job.taskName();
            priorities[i] = job.priority();
            locks[i] = job.lock();
            queueingLocks[i] = job.queueingLock();
            args[i] = job.argsJson();
            scheduled[i] = job.scheduledAt() == null ? null : job.scheduledAt().toString();
        }
        if (!hasConcurrencyKey(jobs)) {
            return new Object[] {queues, tasks, priorities, locks, queueingLocks, args, scheduled};
        }
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = jobs.get(i).concurrencyKey();
        }
        return new Object[] {queues, tasks, priorities, locks, queueingLocks, args, scheduled, keys};
    }

    @Override
    public Optional<Long> deferPeriodicJob(JobToDefer job, String periodicId, Instant tick) {
        Row row = connector.query(JobSql.DEFER_PERIODIC, job.queueName(), job.lock(), job.queueingLock(),
                job.taskName(), job.priority(), periodicId, tick.getEpochSecond(), job.argsJson()).get(0);
        return Optional.ofNullable(row.getLong("id"));
    }

    @Override
    public Optional<Job> fetchJob(Collection<String> queues, long workerId) {
        return fetchJobs(queues, workerId, 1).stream().findFirst();
    }

    @Override
    public List<Job> fetchJobs(Collection<String> queues, long workerId, int max) {
        if (max < 1) {
            return List.of();
        }
        String[] queueNames = queueArray(queues);
        boolean controlled = queueControlsPresent();
        boolean named = queueNames != null && queueIndexPresent();
        String sql = controlled ? JobSql.fetchManyControlled(max, named) : JobSql.fetchMany(max, named);
        try {
            return Collections.unmodifiableList(connector.query(sql, Job::fromRow, queueNames, workerId));
        } catch (ProcrastinateException e) {
            if (controlled && queueControlsVanished(e)) {
                return fetchJobs(queues, workerId, max);
            }
            throw e;
        }
    }

    /** Whether schema step 4's queue index is here; the claim of named queues works without it, only slower. */
    private boolean queueIndexPresent() {
        return queueIndex.present();
    }

    private static String[] queueArray(Collection<String> queues) {
        return queues == null || queues.isEmpty() ? null : queues.toArray(String[]::new);
    }

    @Override
    public void finishJob(JobEnd end) {
        connector.query(JobSql.FINISH, end.jobId(), end.status().dbValue(), end.deleteJob());
    }

    @Override
    public void finishJobs(List<JobEnd> ends) {
        for (List<JobEnd> group : Batches.group(ends, SqlJobManager::sameEnd)) {
            if (group.size() == 1) {
                // One job: the function's call is planned once per connection, the set statement again on every run.
                finishJob(group.get(0));
            } else {
                JobEnd first = group.get(0);
                connector.query(first.deleteJob() ? JobSql.FINISH_MANY_DELETE : JobSql.FINISH_MANY,
                        group.stream().map(JobEnd::jobId).toArray(Long[]::new), first.status().dbValue());
            }
        }
    }

    private static boolean sameEnd(JobEnd a, JobEnd b) {
        return a.status() == b.status() && a.deleteJob() == b.deleteJob();
    }

    @Override
    public List<Long> finishOwnedJobs(long workerId, List<JobEnd> ends) {
        if (ends.isEmpty()) {
            return List.of();
        }
        // One statement per (status, delete): usually the whole batch.
        List<Long> refused = new ArrayList<>(0);
        for (List<JobEnd> group : Batches.group(ends, SqlJobManager::sameEnd)) {
            refused.addAll(finishOwnedGroup(workerId, group));
        }
        return refused;
    }

    private List<Long> finishOwnedGroup(long workerId, List<JobEnd> group) {
        int n = group.size();
        Long[] ids = new Long[n];
        boolean anyFailure = false;
        for (int i = 0; i < n; i++) {
            ids[i] = group.get(i).jobId();
            anyFailure |= group.get(i).failure() != null;
        }
        JobEnd first = group.get(0);
        // The ended ids are read by the typed mapper: no generic row (a map per id) on the finisher's path.
        List<Long> endedIds;
        if (first.deleteJob()) {
            endedIds = connector.query(JobSql.FINISH_OWNED_DELETE, ID, workerId, ids);
        } else if (!anyFailure) {
            endedIds = connector.query(JobSql.finishOwned(false), ID, workerId, ids, first.status().dbValue());
        } else {
            String[] classes = new String[n];
            String[] messages = new String[n];
            String[] traces = new String[n];
            for (int i = 0; i < n; i++) {
                FailureDetails failure = group.get(i).failure();
                if (failure != null) {
                    classes[i] = failure.exceptionClass();
                    messages[i] = failure.message();
                    traces[i] = failure.stackTrace();
                }
            }
            endedIds = withExtensions(present -> present
                    ? connector.query(JobSql.finishOwned(true), ID, workerId, ids, first.status().dbValue(), classes,
                            messages, traces)
                    : connector.query(JobSql.finishOwned(false), ID, workerId, ids, first.status().dbValue()));
        }
        if (endedIds.size() == n) {
            return List.of();
        }
        Set<Long> ended = new HashSet<>(endedIds);
        List<Long> refused = new ArrayList<>(n - endedIds.size());
        for (Long id : ids) {
            if (!ended.contains(id)) {
                refused.add(id);
            }
        }
        return refused;
    }

    @Override
    public boolean retryOwnedJob(long workerId, long jobId, RetryDecision decision, FailureDetails failure) {
        Objects.requireNonNull(decision, "decision");
        List<Long> retried = withExtensions(present -> present
                ? connector.query(JobSql.retryOwned(true), ID, workerId, jobId, decision.retryAt(),
                        decision.priority(), decision.queueName(), decision.lock(),
                        failure == null ? null : failure.exceptionClass(),
                        failure == null ? null : failure.message(), failure == null ? null : failure.stackTrace())
                : connector.query(JobSql.retryOwned(false), ID, workerId, jobId, decision.retryAt(),
                        decision.priority(), decision.queueName(), decision.lock()));
        return !retried.isEmpty();
    }

    @Override
    public boolean snoozeOwnedJob(long workerId, long jobId, Instant runAt) {
        Objects.requireNonNull(runAt, "runAt");
        return !connector.query(JobSql.SNOOZE_OWNED, workerId, jobId, runAt).isEmpty();
    }

    @Override
    public List<Long> listJobsNotOwned(long workerId, Collection<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(connector.query(JobSql.NOT_OWNED, ID, workerId,
                jobIds.toArray(Long[]::new)));
    }

    @Override
    public StalledJobRecovery.Result recoverStalledJob(StalledJobRecovery recovery, Duration heartbeatAge,
            FailureDetails reason) {
        RetryDecision retry = recovery.retry();
        Object[] common = {recovery.jobId(), seconds(heartbeatAge), recovery.maxRecoveries(),
            retry == null ? null : retry.retryAt(), retry == null ? null : retry.priority(),
            retry == null ? null : retry.queueName(), retry == null ? null : retry.lock()};
        List<Row> rows = withExtensions(present -> {
            if (!present) {
                Object[] params = Arrays.copyOf(common, 8);
                params[7] = recovery.reaperWorkerId();
                return connector.query(JobSql.recoverStalled(false), params);
            }
            Object[] params = Arrays.copyOf(common, 11);
            params[7] = reason == null ? null : reason.exceptionClass();
            params[8] = reason == null ? null : reason.message();
            params[9] = reason == null ? null : reason.stackTrace();
            params[10] = recovery.reaperWorkerId();
            return connector.query(JobSql.recoverStalled(true), params);
        });
        if (rows.isEmpty()) {
            return new StalledJobRecovery.Result(StalledJobRecovery.Outcome.NOT_STALLED, 0);
        }
        Row row = rows.get(0);
        int count = row.getInteger("recoveries");
        return new StalledJobRecovery.Result(JobStatus.fromDb(row.getString("status")) == JobStatus.TODO
                ? StalledJobRecovery.Outcome.RECOVERED : StalledJobRecovery.Outcome.FAILED, count);
    }

    @Override
    public List<JobFailure> listFailures(long jobId) {
        if (!extensionsPresent()) {
            return List.of();
        }
        return connector.query(JobSql.FAILURES, jobId).stream()
                .map(row -> new JobFailure(row.getLong("job_id"), row.getInteger("attempt"),
                        row.getLong("worker_id"), row.getInstant("failed_at"), row.getString("exception_class"),
                        row.getString("message"), row.getString("stack_trace")))
                .toList();
    }

    /**
     * Whether procrastinate-java's own tables are here (checked once, and again a minute after they were missing);
     * when they are not, says once at WARN what is lost and how to install them.
     */
    boolean extensionsPresent() {
        return extensions.present();
    }

    /** Runs with the variant the database supports; if the tables vanished meanwhile, once more without them. */
    private <T> T withExtensions(Function<Boolean, T> statement) {
        boolean present = extensionsPresent();
        try {
            return statement.apply(present);
        } catch (ProcrastinateException e) {
            if (present && !e.isTransient() && String.valueOf(e.getMessage()).contains("procrastinate4j_")) {
                extensions.gone();
                return statement.apply(false);
            }
            throw e;
        }
    }

    @Override
    public void retryJob(long jobId, RetryDecision retry) {
        connector.query(JobSql.RETRY, jobId, retry.retryAt(), retry.priority(), retry.queueName(), retry.lock());
    }

    @Override
    public boolean cancelJob(long jobId, Cancellation how) {
        return connector.query(JobSql.CANCEL, jobId, how.abortRunning(), how.deleteJob()).get(0).getLong("id") != null;
    }

    @Override
    public Optional<Job> getJob(long jobId) {
        return listJobs(JobQuery.all().withId(jobId)).stream().findFirst();
    }

    @Override
    public List<Long> listJobsToAbort(Collection<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(connector.query(JobSql.JOBS_TO_ABORT, ID,
                (Object) jobIds.toArray(Long[]::new)));
    }

    @Override
    public List<Job> listJobs(JobQuery query) {
        return selectJobs("SELECT job.* FROM procrastinate_jobs AS job WHERE true", new ArrayList<>(), query);
    }

    /** Runs {@code select} (whose jobs table is {@code job}) with the query's filters, order and limit appended. */
    private List<Job> selectJobs(String select, List<Object> params, JobQuery query) {
        StringBuilder sql = new StringBuilder(select);
        where(sql, params, query);
        sql.append(query.order() == JobQuery.Order.NEWEST_FIRST ? " ORDER BY job.id DESC" : " ORDER BY job.id");
        if (query.limit() > 0) {
            sql.append(" LIMIT ").append(query.limit());
        }
        return connector.query(sql.toString(), params.toArray()).stream().map(Job::fromRow).toList();
    }

    /** Appends the query's filters on the jobs table {@code job} as {@code AND …} conditions. */
    private static void where(StringBuilder sql, List<Object> params, JobQuery query) {
        filter(sql, params, "job.id = $%d::bigint", query.id());
        filter(sql, params, "job.queue_name = $%d::varchar", query.queueName());
        filter(sql, params, "job.task_name = $%d::varchar", query.taskName());
        filter(sql, params, "job.status = $%d::procrastinate_job_status",
                query.status() == null ? null : query.status().dbValue());
        filter(sql, params, "job.lock = $%d::text", query.lock());
        filter(sql, params, "job.queueing_lock = $%d::text", query.queueingLock());
        filter(sql, params, "job.worker_id = $%d::bigint", query.workerId());
    }

    private static void filter(StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null) {
            params.add(value);
            sql.append(" AND ").append(String.format(condition, params.size()));
        }
    }

    @Override
    public List<JobEvent> listEvents(long jobId) {
        return connector.query(JobSql.EVENTS, jobId).stream()
                .map(row -> new JobEvent(row.getLong("id"), row.getLong("job_id"),
                        JobEventType.fromDb(row.getString("type")), row.getInstant("at")))
                .toList();
    }

    @Override
    public Map<JobStatus, Long> countByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (Row row : connector.query(JobSql.COUNT_BY_STATUS)) {
            counts.put(JobStatus.fromDb(row.getString("status")), row.getLong("count"));
        }
        return counts;
    }

    @Override
    public List<StatusCounts> listQueues(JobQuery filter) {
        return statusCounts("queue_name", filter);
    }

    @Override
    public List<StatusCounts> listTasks(JobQuery filter) {
        return statusCounts("task_name", filter);
    }

    @Override
    public List<StatusCounts> listLocks(JobQuery filter) {
        return statusCounts("lock", filter);
    }

    private List<StatusCounts> statusCounts(String column, JobQuery filter) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT job." + column + " AS name, job.status::text AS status,"
                + " count(*) AS count FROM procrastinate_jobs AS job WHERE job." + column + " IS NOT NULL");
        where(sql, params, filter);
        sql.append(" GROUP BY 1, 2 ORDER BY 1, 2");
        Map<String, Map<JobStatus, Long>> byName = new LinkedHashMap<>();
        for (Row row : connector.query(sql.toString(), params.toArray())) {
            byName.computeIfAbsent(row.getString("name"), k -> new EnumMap<>(JobStatus.class))
                    .put(JobStatus.fromDb(row.getString("status")), row.getLong("count"));
        }
        return byName.entrySet().stream().map(e -> new StatusCounts(e.getKey(), e.getValue())).toList();
    }

    @Override
    public List<Job> listStalledJobs(Duration heartbeatAge, Collection<String> queues) {
        return connector.query(JobSql.STALLED_JOBS, seconds(heartbeatAge), queueArray(queues)).stream()
                .map(Job::fromRow).toList();
    }

    @Override
    public List<Job> listStalledJobs(Duration heartbeatAge, JobQuery filter) {
        List<Object> params = new ArrayList<>(List.of(seconds(heartbeatAge)));
        return selectJobs("""
                SELECT job.* FROM procrastinate_jobs AS job
                LEFT JOIN procrastinate_workers AS worker ON worker.id = job.worker_id
                WHERE job.status = 'doing'
                  AND (worker.id IS NULL OR worker.last_heartbeat < now() - make_interval(secs => $1::float8))""",
                params, filter);
    }

    @Override
    public long deleteOldJobs(OldJobsDeletion which) {
        List<String> statuses = new ArrayList<>(List.of(JobStatus.SUCCEEDED.dbValue()));
        if (which.includeFailed()) {
            statuses.add(JobStatus.FAILED.dbValue());
        }
        if (which.includeCancelled()) {
            statuses.add(JobStatus.CANCELLED.dbValue());
        }
        if (which.includeAborted()) {
            statuses.add(JobStatus.ABORTED.dbValue());
        }
        return connector.query(JobSql.DELETE_OLD_JOBS, seconds(which.maxAge()), which.queueName(),
                statuses.toArray(String[]::new)).size();
    }

    @Override
    public void pauseQueue(String queueName) {
        requireQueueControls("pausing a queue");
        connector.query(QueueControlSql.PAUSE, queueName(queueName));
    }

    @Override
    public void resumeQueue(String queueName) {
        requireQueueControls("resuming a queue");
        connector.query(QueueControlSql.RESUME, queueName(queueName));
    }

    @Override
    public void setQueueLimits(String queueName, QueueLimits limits) {
        Objects.requireNonNull(limits, "limits");
        requireQueueControls("limiting a queue");
        connector.query(QueueControlSql.SET_LIMITS, queueName(queueName), limits.maxRunning(),
                limits.maxRunningPerKey(), limits.maxStarts(), limits.maxStartsPerKey(),
                limits.ratePeriod() == null ? null : seconds(limits.ratePeriod()));
        if (!limits.isLimited()) {
            connector.query(QueueControlSql.FORGET_IF_EMPTY, queueName);
        }
    }

    @Override
    public List<QueueControl> listQueueControls() {
        if (!queueControlsPresent()) {
            return List.of();
        }
        return connector.query(QueueControlSql.LIST).stream()
                .map(row -> {
                    Long period = row.getLong("rate_period_millis");
                    return new QueueControl(row.getString("queue_name"), row.getBoolean("paused"), new QueueLimits(
                            row.getInteger("max_running"), row.getInteger("max_running_per_key"),
                            row.getInteger("max_starts"), row.getInteger("max_starts_per_key"),
                            period == null ? null : Duration.ofMillis(period)));
                })
                .toList();
    }

    private static String queueName(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        if (queueName.isEmpty() || queueName.length() > 128) {
            throw new ConfigurationException("queue name must have 1 to 128 characters, was '" + queueName + "'");
        }
        return queueName;
    }

    /**
     * Whether queue control (schema step 3) is in this database: checked once, and again a minute after it was
     * missing; when it is not, says once at WARN that pauses and limits are not honoured.
     */
    boolean queueControlsPresent() {
        return queueControls.present();
    }

    private boolean queueControlsVanished(ProcrastinateException e) {
        if (!e.isTransient() && String.valueOf(e.getMessage()).contains("procrastinate4j_")) {
            queueControls.gone();
            return true;
        }
        return false;
    }

    private void requireQueueControls(String what) {
        if (!queueControlsPresent()) {
            throw new SchemaException(what + " needs procrastinate-java's schema step 3 (queue control), which is "
                    + "not in this database: run `procrastinate schema --apply`, SchemaManager.applyExtensions() or "
                    + "your Flyway migrations (V3_9_3)");
        }
    }

    @Override
    public long registerWorker() {
        return connector.query(JobSql.REGISTER_WORKER).get(0).getLong("worker_id");
    }

    @Override
    public void unregisterWorker(long workerId) {
        connector.query(JobSql.UNREGISTER_WORKER, workerId);
    }

    @Override
    public boolean updateHeartbeat(long workerId) {
        return !connector.query(JobSql.HEARTBEAT, workerId).isEmpty();
    }

    @Override
    public List<Long> pruneStalledWorkers(Duration heartbeatAge, long keepWorkerId) {
        return connector.query(JobSql.PRUNE_STALLED_WORKERS_EXCEPT, seconds(heartbeatAge), keepWorkerId).stream()
                .map(row -> row.getLong("worker_id")).toList();
    }

    @Override
    public List<Long> pruneStalledWorkers(Duration heartbeatAge) {
        return connector.query(JobSql.PRUNE_STALLED_WORKERS, seconds(heartbeatAge)).stream()
                .map(row -> row.getLong("worker_id")).toList();
    }

    private static Double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
