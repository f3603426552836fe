package dev.procrastinate.testing;

import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.Cancellation;
import dev.procrastinate.api.FailureDetails;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEnd;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobEventType;
import dev.procrastinate.api.JobFailure;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobNotFoundException;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.api.OldJobsDeletion;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.StalledJobRecovery;
import dev.procrastinate.api.StatusCounts;
import dev.procrastinate.api.WorkerNotRegisteredException;
import dev.procrastinate.api.WorkerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link JobManager} and {@link WorkerStore} in memory for unit tests of application code, following the same rules as the SQL schema
 * (locks, queueing locks, priorities, scheduling, retry, cancel, abort, events, periodic de-duplication) and
 * checked by the same behaviour tests. Thread-safe; time comes from the given clock.
 */
public final class InMemoryJobManager implements JobManager, WorkerStore {

    private final Clock clock;
    private final Map<Long, Job> jobs = new TreeMap<>();
    private final List<JobEvent> events = new ArrayList<>();
    private final Map<Long, Instant> workers = new TreeMap<>();
    private final Set<String> periodicDefers = new HashSet<>();
    private final Map<Long, Integer> recoveries = new TreeMap<>();
    private final List<JobFailure> failures = new ArrayList<>();
    private final InMemoryQueueControls queueControls = new InMemoryQueueControls();
    private long nextJobId = 1;
    private long nextEventId = 1;
    private long nextWorkerId = 1;

    public InMemoryJobManager(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public InMemoryJobManager() {
        this(Clock.systemUTC());
    }

    @Override
    public long defer(JobToDefer job) {
        return batchDefer(List.of(job)).get(0);
    }

    @Override
    public synchronized List<Long> batchDefer(List<JobToDefer> toDefer) {
        Set<String> queueingLocks = new HashSet<>();
        jobs.values().stream().filter(j -> j.status() == JobStatus.TODO && j.queueingLock() != null)
                .forEach(j -> queueingLocks.add(j.queueingLock()));
        for (JobToDefer job : toDefer) {
            if (job.queueingLock() != null && !queueingLocks.add(job.queueingLock())) {
                throw new AlreadyEnqueuedException(job.queueingLock(), null);
            }
        }
        List<Long> ids = new ArrayList<>();
        for (JobToDefer job : toDefer) {
            long id = nextJobId++;
            jobs.put(id, new Job(id, job.queueName(), job.taskName(), job.priority(), job.lock(), job.queueingLock(),
                    job.argsJson(), JobStatus.TODO, job.scheduledAt(), 0, false, null));
            event(id, JobEventType.DEFERRED);
            if (job.scheduledAt() != null) {
                events.add(new JobEvent(nextEventId++, id, JobEventType.SCHEDULED, job.scheduledAt()));
            }
            queueControls.deferred(id, job);
            ids.add(id);
        }
        return ids;
    }

    @Override
    public CompletionStage<Long> deferAsync(JobToDefer job) {
        return CompletableFuture.supplyAsync(() -> defer(job));
    }

    @Override
    public CompletionStage<List<Long>> batchDeferAsync(List<JobToDefer> toDefer) {
        return CompletableFuture.supplyAsync(() -> batchDefer(toDefer));
    }

    @Override
    public synchronized Optional<Long> deferPeriodicJob(JobToDefer job, String periodicId, Instant tick) {
        long deferTimestamp = tick.getEpochSecond();
        String key = job.taskName() + "\u0000" + periodicId + "\u0000";
        if (!periodicDefers.add(key + deferTimestamp)) {
            return Optional.empty();
        }
        periodicDefers.removeIf(k -> k.startsWith(key) && Long.parseLong(k.substring(key.length())) < deferTimestamp);
        return Optional.of(defer(job));
    }

    @Override
    public Optional<Job> fetchJob(Collection<String> queues, long workerId) {
        return fetchJobs(queues, workerId, 1).stream().findFirst();
    }

    @Override
    public synchronized List<Job> fetchJobs(Collection<String> queues, long workerId, int max) {
        if (max < 1) {
            return List.of();
        }
        // Claiming a job never makes another one eligible nor stops one from being so (see JobSql.FETCH_MANY).
        List<Job> eligible = jobs.values().stream()
                .filter(j -> j.status() == JobStatus.TODO)
                .filter(j -> queues == null || queues.isEmpty() || queues.contains(j.queueName()))
                .filter(this::isDue)
                .filter(j -> j.lock() == null || jobs.values().stream().noneMatch(other -> blocks(other, j)))
                .toList();
        if (!eligible.isEmpty() && !workers.containsKey(workerId)) {
            throw new WorkerNotRegisteredException(workerId, null, null);
        }
        List<Job> fetched = new ArrayList<>();
        for (Job next : eligible.isEmpty() ? List.<Job>of()
                : queueControls.choose(eligible, jobs.values(), max, clock.instant())) {
            Job claimed = update(next.id(), j -> with(j, JobStatus.DOING, j.attempts(), false, workerId));
            event(claimed.id(), JobEventType.STARTED);
            fetched.add(claimed);
        }
        return fetched;
    }

    @Override
    public synchronized void pauseQueue(String queueName) {
        queueControls.pause(queueName);
    }

    @Override
    public synchronized void resumeQueue(String queueName) {
        queueControls.resume(queueName);
    }

    @Override
    public synchronized void setQueueLimits(String queueName, QueueLimits limits) {
        queueControls.setLimits(queueName, limits);
    }

    @Override
    public synchronized List<QueueControl> listQueueControls() {
        return queueControls.list();
    }

    private boolean isDue(Job job) {
        return job.scheduledAt() == null || !job.scheduledAt().isAfter(clock.instant());
    }

    /** The schema's lock rule: a running job, or a due waiting job that comes first, holds the lock. */
    private boolean blocks(Job other, Job job) {
        if (other.id() == job.id() || !Objects.equals(other.lock(), job.lock())) {
            return false;
        }
        if (other.status() == JobStatus.DOING) {
            return true;
        }
        boolean first = other.priority() > job.priority() || other.priority() == job.priority() && other.id() < job.id();
        return other.status() == JobStatus.TODO && first && isDue(other);
    }

    @Override
    public synchronized void finishJob(JobEnd end) {
        long jobId = end.jobId();
        JobStatus endStatus = end.status();
        Job job = require(jobId, j -> j.status() == JobStatus.TODO || j.status() == JobStatus.DOING,
                "not in \"doing\" or \"todo\" status");
        if (end.deleteJob()) {
            delete(jobId);
            return;
        }
        int attempts = job.status() == JobStatus.DOING ? job.attempts() + 1 : job.attempts();
        update(jobId, j -> with(j, endStatus, attempts, false, null));
        statusEvent(job.status(), endStatus, jobId);
    }

    @Override
    public synchronized void finishJobs(List<JobEnd> ends) {
        for (JobEnd end : ends) {
            require(end.jobId(), j -> j.status() == JobStatus.TODO || j.status() == JobStatus.DOING,
                    "not in \"doing\" or \"todo\" status");
        }
        for (JobEnd end : ends) {
            finishJob(end);
        }
    }

    @Override
    public synchronized void retryJob(long jobId, RetryDecision retry) {
        Instant retryAt = retry.retryAt();
        Integer priority = retry.priority();
        String queueName = retry.queueName();
        String lock = retry.lock();
        Job job = require(jobId, j -> j.status() == JobStatus.DOING || j.status() == JobStatus.FAILED,
                "has an invalid status to retry");
        if (job.status() == JobStatus.DOING && job.abortRequested()) {
            update(jobId, j -> with(j, JobStatus.FAILED, j.attempts() + 1, false, null));
            event(jobId, JobEventType.FAILED);
            return;
        }
        Job retried = update(jobId, j -> new Job(j.id(), queueName != null ? queueName : j.queueName(),
                j.taskName(), priority != null ? priority : j.priority(), lock != null ? lock : j.lock(),
                j.queueingLock(), j.argsJson(), JobStatus.TODO, retryAt, j.attempts() + 1, false, null));
        event(jobId, job.status() == JobStatus.DOING ? JobEventType.DEFERRED_FOR_RETRY : JobEventType.RETRIED);
        if (retried.scheduledAt() != null) {
            events.add(new JobEvent(nextEventId++, jobId, JobEventType.SCHEDULED, retried.scheduledAt()));
        }
    }

    @Override
    public synchronized List<Long> finishOwnedJobs(long workerId, List<JobEnd> ends) {
        List<Long> refused = new ArrayList<>();
        for (JobEnd end : ends) {
            if (!owned(workerId, end.jobId())) {
                refused.add(end.jobId());
                continue;
            }
            finishJob(end);
            if (end.failure() != null && !end.deleteJob()) {
                recordFailure(end.jobId(), workerId, end.failure());
            }
        }
        return refused;
    }

    @Override
    public synchronized boolean retryOwnedJob(long workerId, long jobId, RetryDecision decision,
            FailureDetails failure) {
        if (!owned(workerId, jobId)) {
            return false;
        }
        retryJob(jobId, decision);
        if (failure != null) {
            recordFailure(jobId, workerId, failure);
        }
        return true;
    }

    @Override
    public synchronized boolean snoozeOwnedJob(long workerId, long jobId, Instant runAt) {
        Objects.requireNonNull(runAt, "runAt");
        if (!owned(workerId, jobId)) {
            return false;
        }
        if (jobs.get(jobId).abortRequested()) {
            update(jobId, j -> with(j, JobStatus.FAILED, j.attempts(), false, null));
            event(jobId, JobEventType.FAILED);
            return true;
        }
        update(jobId, j -> new Job(j.id(), j.queueName(), j.taskName(), j.priority(), j.lock(), j.queueingLock(),
                j.argsJson(), JobStatus.TODO, runAt, j.attempts(), false, null));
        event(jobId, JobEventType.DEFERRED_FOR_RETRY);
        events.add(new JobEvent(nextEventId++, jobId, JobEventType.SCHEDULED, runAt));
        return true;
    }

    @Override
    public synchronized List<Long> listJobsNotOwned(long workerId, Collection<Long> jobIds) {
        return jobIds.stream().filter(id -> !owned(workerId, id)).toList();
    }

    @Override
    public synchronized StalledJobRecovery.Result recoverStalledJob(StalledJobRecovery recovery,
            Duration heartbeatAge, FailureDetails reason) {
        long jobId = recovery.jobId();
        Job job = jobs.get(jobId);
        Instant limit = clock.instant().minus(heartbeatAge);
        Instant reaper = workers.get(recovery.reaperWorkerId());
        boolean reaperAlive = reaper != null && !reaper.isBefore(clock.instant().minus(heartbeatAge.dividedBy(2)));
        boolean stalled = reaperAlive && job != null && job.status() == JobStatus.DOING && (job.workerId() == null
                || !workers.containsKey(job.workerId()) || workers.get(job.workerId()).isBefore(limit));
        if (!stalled) {
            return new StalledJobRecovery.Result(StalledJobRecovery.Outcome.NOT_STALLED,
                    recoveries.getOrDefault(jobId, 0));
        }
        int count = recoveries.merge(jobId, 1, Integer::sum);
        Long deadWorker = job.workerId();
        boolean fail = job.abortRequested() || count > recovery.maxRecoveries();
        if (fail) {
            update(jobId, j -> with(j, JobStatus.FAILED, j.attempts() + 1, false, null));
            event(jobId, JobEventType.FAILED);
        } else {
            RetryDecision retry = recovery.retry();
            Job moved = update(jobId, j -> new Job(j.id(),
                    retry != null && retry.queueName() != null ? retry.queueName() : j.queueName(), j.taskName(),
                    retry != null && retry.priority() != null ? retry.priority() : j.priority(),
                    retry != null && retry.lock() != null ? retry.lock() : j.lock(), j.queueingLock(), j.argsJson(),
                    JobStatus.TODO, retry != null ? retry.retryAt() : j.scheduledAt(), j.attempts() + 1, false, null));
            event(jobId, JobEventType.DEFERRED_FOR_RETRY);
            if (moved.scheduledAt() != null) {
                events.add(new JobEvent(nextEventId++, jobId, JobEventType.SCHEDULED, moved.scheduledAt()));
            }
        }
        if (reason != null) {
            failures.add(new JobFailure(jobId, jobs.get(jobId).attempts(), deadWorker, clock.instant(),
                    reason.exceptionClass(), reason.message(), reason.stackTrace()));
        }
        return new StalledJobRecovery.Result(fail ? StalledJobRecovery.Outcome.FAILED
                : StalledJobRecovery.Outcome.RECOVERED, count);
    }

    @Override
    public synchronized List<JobFailure> listFailures(long jobId) {
        return failures.stream().filter(f -> f.jobId() == jobId).toList();
    }

    private boolean owned(long workerId, long jobId) {
        Job job = jobs.get(jobId);
        return job != null && job.status() == JobStatus.DOING && Objects.equals(job.workerId(), workerId);
    }

    private void recordFailure(long jobId, long workerId, FailureDetails failure) {
        failures.add(new JobFailure(jobId, jobs.get(jobId).attempts(), workerId, clock.instant(),
                failure.exceptionClass(), failure.message(), failure.stackTrace()));
    }

    @Override
    public synchronized boolean cancelJob(long jobId, Cancellation how) {
        boolean abort = how.abortRunning();
        boolean deleteJob = how.deleteJob();
        Job job = jobs.get(jobId);
        if (job == null) {
            return false;
        }
        if (deleteJob && job.status() == JobStatus.TODO) {
            delete(jobId);
            return true;
        }
        if (job.status() == JobStatus.TODO) {
            update(jobId, j -> with(j, JobStatus.CANCELLED, j.attempts(), abort, j.workerId()));
            event(jobId, JobEventType.CANCELLED);
            if (abort) {
                event(jobId, JobEventType.ABORT_REQUESTED);
            }
            return true;
        }
        if (abort && job.status() == JobStatus.DOING) {
            if (!job.abortRequested()) {
                update(jobId, j -> with(j, j.status(), j.attempts(), true, j.workerId()));
                event(jobId, JobEventType.ABORT_REQUESTED);
            }
            return true;
        }
        return false;
    }

    @Override
    public synchronized Optional<Job> getJob(long jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public synchronized List<Long> listJobsToAbort(Collection<Long> jobIds) {
        return jobIds.stream().map(jobs::get).filter(Objects::nonNull)
                .filter(j -> j.status() == JobStatus.DOING && j.abortRequested()).map(Job::id).toList();
    }

    @Override
    public synchronized List<Job> listJobs(JobQuery query) {
        return select(jobs.values(), query);
    }

    /** The jobs among {@code candidates} (in id order) that match the query, in its order, up to its limit. */
    private static List<Job> select(Collection<Job> candidates, JobQuery query) {
        List<Job> matching = candidates.stream().filter(j -> matches(j, query))
                .sorted(query.order() == JobQuery.Order.NEWEST_FIRST
                        ? Comparator.comparing(Job::id).reversed() : Comparator.comparing(Job::id))
                .toList();
        return query.limit() > 0 && matching.size() > query.limit() ? matching.subList(0, query.limit()) : matching;
    }

    private static boolean matches(Job j, JobQuery query) {
        return (query.id() == null || j.id() == query.id())
                && (query.queueName() == null || query.queueName().equals(j.queueName()))
                && (query.taskName() == null || query.taskName().equals(j.taskName()))
                && (query.status() == null || query.status() == j.status())
                && (query.lock() == null || query.lock().equals(j.lock()))
                && (query.queueingLock() == null || query.queueingLock().equals(j.queueingLock()))
                && (query.workerId() == null || query.workerId().equals(j.workerId()));
    }

    @Override
    public synchronized List<JobEvent> listEvents(long jobId) {
        return events.stream().filter(e -> e.jobId() == jobId).toList();
    }

    @Override
    public synchronized Map<JobStatus, Long> countByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        jobs.values().forEach(j -> counts.merge(j.status(), 1L, Long::sum));
        return counts;
    }

    @Override
    public List<StatusCounts> listQueues(JobQuery filter) {
        return counts(Job::queueName, filter);
    }

    @Override
    public List<StatusCounts> listTasks(JobQuery filter) {
        return counts(Job::taskName, filter);
    }

    @Override
    public List<StatusCounts> listLocks(JobQuery filter) {
        return counts(Job::lock, filter);
    }

    private synchronized List<StatusCounts> counts(Function<Job, String> key, JobQuery filter) {
        Map<String, Map<JobStatus, Long>> byName = new TreeMap<>();
        for (Job job : jobs.values()) {
            String name = key.apply(job);
            if (name != null && matches(job, filter)) {
                byName.computeIfAbsent(name, k -> new EnumMap<>(JobStatus.class)).merge(job.status(), 1L, Long::sum);
            }
        }
        return byName.entrySet().stream().map(e -> new StatusCounts(e.getKey(), e.getValue())).toList();
    }

    @Override
    public synchronized List<Job> listStalledJobs(Duration heartbeatAge, Collection<String> queues) {
        return stalled(heartbeatAge).stream()
                .filter(j -> queues == null || queues.isEmpty() || queues.contains(j.queueName()))
                .toList();
    }

    @Override
    public synchronized List<Job> listStalledJobs(Duration heartbeatAge, JobQuery filter) {
        return select(stalled(heartbeatAge), filter);
    }

    private List<Job> stalled(Duration heartbeatAge) {
        Instant limit = clock.instant().minus(heartbeatAge);
        return jobs.values().stream()
                .filter(j -> j.status() == JobStatus.DOING)
                .filter(j -> j.workerId() == null || !workers.containsKey(j.workerId())
                        || workers.get(j.workerId()).isBefore(limit))
                .toList();
    }

    @Override
    public synchronized long deleteOldJobs(OldJobsDeletion which) {
        Set<JobStatus> statuses = new HashSet<>(List.of(JobStatus.SUCCEEDED));
        if (which.includeFailed()) {
            statuses.add(JobStatus.FAILED);
        }
        if (which.includeCancelled()) {
            statuses.add(JobStatus.CANCELLED);
        }
        if (which.includeAborted()) {
            statuses.add(JobStatus.ABORTED);
        }
        String queueName = which.queueName();
        Instant limit = clock.instant().minus(which.maxAge());
        List<Long> old = jobs.values().stream()
                .filter(j -> statuses.contains(j.status()))
                .filter(j -> queueName == null || queueName.equals(j.queueName()))
                .filter(j -> events.stream().filter(e -> e.jobId() == j.id()).map(JobEvent::at)
                        .max(Comparator.naturalOrder()).map(at -> at.isBefore(limit)).orElse(false))
                .map(Job::id).toList();
        old.forEach(this::delete);
        return old.size();
    }

    @Override
    public synchronized long registerWorker() {
        long id = nextWorkerId++;
        workers.put(id, clock.instant());
        return id;
    }

    @Override
    public synchronized void unregisterWorker(long workerId) {
        removeWorkers(List.of(workerId));
    }

    @Override
    public synchronized boolean updateHeartbeat(long workerId) {
        return workers.computeIfPresent(workerId, (id, at) -> clock.instant()) != null;
    }

    @Override
    public synchronized List<Long> pruneStalledWorkers(Duration heartbeatAge, long keepWorkerId) {
        Instant limit = clock.instant().minus(heartbeatAge);
        Instant own = workers.get(keepWorkerId);
        if (own == null || own.isBefore(clock.instant().minus(heartbeatAge.dividedBy(2)))) {
            return List.of();
        }
        List<Long> stalled = workers.entrySet().stream().filter(e -> e.getValue().isBefore(limit))
                .map(Map.Entry::getKey).filter(id -> id != keepWorkerId).toList();
        removeWorkers(stalled);
        return stalled;
    }

    @Override
    public synchronized List<Long> pruneStalledWorkers(Duration heartbeatAge) {
        Instant limit = clock.instant().minus(heartbeatAge);
        List<Long> stalled = workers.entrySet().stream().filter(e -> e.getValue().isBefore(limit))
                .map(Map.Entry::getKey).toList();
        removeWorkers(stalled);
        return stalled;
    }

    /** Sets a worker's last heartbeat, for tests of stalled-job handling. */
    public synchronized void setHeartbeat(long workerId, Instant at) {
        workers.computeIfPresent(workerId, (id, previous) -> at);
    }

    /** Moves a job's events back in time, for tests of old-job removal. */
    public synchronized void backdateEvents(long jobId, Duration age) {
        events.replaceAll(e -> e.jobId() == jobId ? new JobEvent(e.id(), e.jobId(), e.type(), e.at().minus(age)) : e);
    }

    private void removeWorkers(Collection<Long> ids) {
        ids.forEach(workers::remove);
        for (Job job : List.copyOf(jobs.values())) {
            if (job.workerId() != null && ids.contains(job.workerId())) {
                update(job.id(), j -> with(j, j.status(), j.attempts(), j.abortRequested(), null));
            }
        }
    }

    private Job require(long jobId, Predicate<Job> allowed, String problem) {
        Job job = jobs.get(jobId);
        if (job == null || !allowed.test(job)) {
            throw new JobNotFoundException(jobId, "job " + jobId + " was not found or " + problem);
        }
        return job;
    }

    private Job update(long jobId, Function<Job, Job> change) {
        Job changed = change.apply(jobs.get(jobId));
        jobs.put(jobId, changed);
        return changed;
    }

    private void delete(long jobId) {
        jobs.remove(jobId);
        queueControls.deleted(jobId);
        events.removeIf(e -> e.jobId() == jobId);
        recoveries.remove(jobId);
        failures.removeIf(f -> f.jobId() == jobId);
    }

    private static Job with(Job j, JobStatus status, int attempts, boolean abortRequested, Long workerId) {
        return new Job(j.id(), j.queueName(), j.taskName(), j.priority(), j.lock(), j.queueingLock(), j.argsJson(),
                status, j.scheduledAt(), attempts, abortRequested, workerId);
    }

    private void statusEvent(JobStatus from, JobStatus to, long jobId) {
        Map<JobStatus, JobEventType> fromDoing = new LinkedHashMap<>();
        fromDoing.put(JobStatus.SUCCEEDED, JobEventType.SUCCEEDED);
        fromDoing.put(JobStatus.FAILED, JobEventType.FAILED);
        fromDoing.put(JobStatus.ABORTED, JobEventType.ABORTED);
        if (from == JobStatus.DOING) {
            event(jobId, fromDoing.get(to));
        } else if (from == JobStatus.TODO && to != JobStatus.ABORTED) {
            event(jobId, JobEventType.CANCELLED);
        }
    }

    private void event(long jobId, JobEventType type) {
        events.add(new JobEvent(nextEventId++, jobId, type, clock.instant()));
    }
}
