package dev.procrastinate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.Cancellation;
import dev.procrastinate.api.FailureDetails;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEnd;
import dev.procrastinate.api.JobEvent;
import dev.procrastinate.api.JobEventType;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.OldJobsDeletion;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.StalledJobRecovery;
import dev.procrastinate.api.StatusCounts;
import dev.procrastinate.api.WorkerNotRegisteredException;
import dev.procrastinate.api.WorkerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The queue's rules, checked against every {@link JobManager} and {@link WorkerStore}: the SQL one on PostgreSQL and
 * the in-memory one. To check another implementation, extend it, set {@link #jobs} and {@link #worker} in a
 * {@code @BeforeEach} method and implement the three abstract methods.
 */
public abstract class JobManagerContract<S extends JobManager & WorkerStore> {

    /** Set by the implementation's set-up: the job manager under test and a registered worker. */
    protected S jobs;
    protected long worker;

    /** The job manager's present. */
    protected abstract Instant now();

    /** Makes the worker's last heartbeat an hour old. */
    protected abstract void ageHeartbeat(long workerId);

    /** Makes every event of the job this much older. */
    protected abstract void ageEvents(long jobId, Duration age);

    protected static JobToDefer job(String queue, int priority, String lock, String queueingLock) {
        return new JobToDefer(queue, "task", priority, lock, queueingLock, "{}", null);
    }

    private List<Long> fetchAll(int max) {
        return jobs.fetchJobs(null, worker, max).stream().map(Job::id).toList();
    }

    @Test
    void batchDeferReturnsIdsInInputOrder() {
        List<Long> ids = jobs.batchDefer(List.of(job("q", 0, null, null), job("q", 0, null, null),
                job("q", 0, null, null)));

        assertThat(ids).isSorted().doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void higherPriorityRunsFirstThenFifoWithinAPriority() {
        long low = jobs.defer(job("q", -5, null, null));
        long first = jobs.defer(job("q", 0, null, null));
        long second = jobs.defer(job("q", 0, null, null));
        long high = jobs.defer(job("q", 10, null, null));

        assertThat(List.of(jobs.fetchJob(null, worker).orElseThrow().id(), jobs.fetchJob(null, worker).orElseThrow()
                .id(), jobs.fetchJob(null, worker).orElseThrow().id(), jobs.fetchJob(null, worker).orElseThrow().id()))
                .containsExactly(high, first, second, low);
        assertThat(jobs.fetchJob(null, worker)).isEmpty();
    }

    @Test
    void fetchingManyInOneStatementClaimsDistinctJobsAndAtMostOnePerLock() {
        long a1 = jobs.defer(job("q", 0, "A", null));
        jobs.defer(job("q", 0, "A", null));
        long b1 = jobs.defer(job("q", 0, "B", null));
        long free1 = jobs.defer(job("q", 0, null, null));
        long free2 = jobs.defer(job("q", 0, null, null));

        List<Long> claimed = fetchAll(10);

        assertThat(claimed).containsExactlyInAnyOrder(a1, b1, free1, free2);
        assertThat(fetchAll(10)).isEmpty();
    }

    @Test
    void fetchingManyNeverClaimsMoreThanAsked() {
        jobs.batchDefer(List.of(job("q", 0, null, null), job("q", 0, null, null), job("q", 0, null, null)));

        assertThat(fetchAll(2)).hasSize(2);
        assertThat(fetchAll(2)).hasSize(1);
    }

    @Test
    void aLockedJobWaitsForTheRunningOneAndForEarlierWaitingOnes() {
        long first = jobs.defer(job("q", 0, "L", null));
        long second = jobs.defer(job("q", 0, "L", null));
        long urgent = jobs.defer(job("q", 5, "L", null));

        assertThat(jobs.fetchJob(null, worker).orElseThrow().id()).isEqualTo(urgent);
        assertThat(jobs.fetchJob(null, worker)).as("lock L is running").isEmpty();
        jobs.finishJob(JobEnd.succeeded(urgent));
        assertThat(jobs.fetchJob(null, worker).orElseThrow().id()).isEqualTo(first);
        jobs.finishJob(JobEnd.succeeded(first));
        assertThat(jobs.fetchJob(null, worker).orElseThrow().id()).isEqualTo(second);
    }

    @Test
    void aSameLockJobScheduledInTheFutureDoesNotBlockTheLock() {
        jobs.defer(new JobToDefer("q", "task", 0, "L", null, "{}", now().plus(Duration.ofHours(1))));
        long now = jobs.defer(job("q", 0, "L", null));

        assertThat(jobs.fetchJob(null, worker).map(Job::id)).contains(now);
    }

    @Test
    void aScheduledJobDoesNotRunEarly() {
        jobs.defer(new JobToDefer("q", "task", 0, null, null, "{}", now().plus(Duration.ofMinutes(5))));

        assertThat(jobs.fetchJob(null, worker)).isEmpty();
    }

    @Test
    void onlyTheWatchedQueuesAreFetched() {
        long mail = jobs.defer(job("mail", 0, null, null));
        jobs.defer(job("reports", 0, null, null));

        assertThat(jobs.fetchJob(List.of("mail", "other"), worker).map(Job::id)).contains(mail);
        assertThat(jobs.fetchJob(List.of("mail"), worker)).isEmpty();
    }

    @Test
    void aSecondWaitingJobWithTheSameQueueingLockIsAlreadyEnqueued() {
        jobs.defer(job("q", 0, null, "only-one"));

        assertThatThrownBy(() -> jobs.defer(job("q", 0, null, "only-one")))
                .isInstanceOf(AlreadyEnqueuedException.class)
                .extracting(e -> ((AlreadyEnqueuedException) e).queueingLock()).isEqualTo("only-one");
    }

    @Test
    void aQueueingLockClashRefusesTheWholeBatch() {
        jobs.defer(job("q", 0, null, "taken"));

        assertThatThrownBy(() -> jobs.batchDefer(List.of(job("q", 0, null, null), job("q", 0, null, "taken"))))
                .isInstanceOf(AlreadyEnqueuedException.class);
        assertThat(jobs.countByStatus().get(JobStatus.TODO)).isEqualTo(1L);
    }

    @Test
    void aQueueingLockIsFreeAgainOnceItsJobStarted() {
        long first = jobs.defer(job("q", 0, null, "Q"));
        jobs.fetchJob(null, worker);

        assertThat(jobs.defer(job("q", 0, null, "Q"))).isGreaterThan(first);
    }

    @Test
    void retryThenManualRetryOfAFailedJobRecordsTheEvents() {
        long id = jobs.defer(job("q", 0, null, null));
        jobs.fetchJob(null, worker);
        jobs.retryJob(id, RetryDecision.at(now()).withPriority(3).withQueue("other"));
        Job retried = jobs.getJob(id).orElseThrow();
        assertThat(retried.status()).isEqualTo(JobStatus.TODO);
        assertThat(retried.priority()).isEqualTo(3);
        assertThat(retried.queueName()).isEqualTo("other");
        assertThat(retried.attempts()).isEqualTo(1);

        jobs.fetchJob(null, worker);
        jobs.finishJob(JobEnd.failed(id, null));
        jobs.retryJob(id, RetryDecision.at(now()));

        assertThat(jobs.listEvents(id)).extracting(JobEvent::type).containsSubsequence(JobEventType.DEFERRED,
                JobEventType.STARTED, JobEventType.DEFERRED_FOR_RETRY, JobEventType.STARTED, JobEventType.FAILED,
                JobEventType.RETRIED);
    }

    @Test
    void abortRequestedDoingJobIsFailedNotRetriedAndCanBeRetriedByHandAfterwards() {
        long id = jobs.defer(job("q", 0, null, null));
        jobs.fetchJob(null, worker);
        assertThat(jobs.cancelJob(id, Cancellation.abort())).isTrue();
        assertThat(jobs.listJobsToAbort(List.of(id))).containsExactly(id);

        jobs.retryJob(id, RetryDecision.at(now()));
        Job failed = jobs.getJob(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.abortRequested()).isFalse();

        jobs.retryJob(id, RetryDecision.at(now()));
        assertThat(jobs.getJob(id).orElseThrow().status()).isEqualTo(JobStatus.TODO);
    }

    @Test
    void cancelMovesATodoJobToCancelledOrDeletesIt() {
        long cancelled = jobs.defer(job("q", 0, null, null));
        long deleted = jobs.defer(job("q", 0, null, null));

        assertThat(jobs.cancelJob(cancelled, Cancellation.cancel())).isTrue();
        assertThat(jobs.cancelJob(deleted, Cancellation.delete())).isTrue();
        assertThat(jobs.getJob(cancelled).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(jobs.getJob(deleted)).isEmpty();
        assertThat(jobs.cancelJob(cancelled, Cancellation.cancel())).as("already cancelled").isFalse();
    }

    @Test
    void finishingSeveralJobsAtOnceEndsEachOfThemOrNoneWhenOneIsNotRunning() {
        List<Long> ids = jobs.batchDefer(List.of(job("q", 0, null, null), job("q", 0, null, null),
                job("q", 0, null, null)));
        jobs.fetchJobs(null, worker, 3);
        jobs.finishJobs(ids.subList(0, 2).stream().map(JobEnd::succeeded).toList());
        assertThat(jobs.getJob(ids.get(0)).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.getJob(ids.get(1)).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);

        assertThatThrownBy(() -> jobs.finishJobs(List.of(JobEnd.failed(ids.get(2), null),
                JobEnd.failed(ids.get(0), null))))
                .isInstanceOf(dev.procrastinate.api.ProcrastinateException.class);
        assertThat(jobs.getJob(ids.get(2)).orElseThrow().status()).isEqualTo(JobStatus.DOING);
    }

    @Test
    void finishingWithDeleteRemovesTheJob() {
        long id = jobs.defer(job("q", 0, null, null));
        jobs.fetchJob(null, worker);

        jobs.finishJob(JobEnd.succeeded(id).deletingJob());

        assertThat(jobs.getJob(id)).isEmpty();
    }

    @Test
    void periodicTickIsDeferredOnceAcrossCallers() {
        JobToDefer tick = new JobToDefer("q", "cron_task", 0, null, null, "{\"timestamp\": 100}", null);

        assertThat(jobs.deferPeriodicJob(tick, "", Instant.ofEpochSecond(100))).isPresent();
        assertThat(jobs.deferPeriodicJob(tick, "", Instant.ofEpochSecond(100))).isEmpty();
        assertThat(jobs.deferPeriodicJob(tick, "", Instant.ofEpochSecond(160))).isPresent();
        assertThat(jobs.deferPeriodicJob(tick, "", Instant.ofEpochSecond(160))).isEmpty();
        assertThat(jobs.deferPeriodicJob(tick, "other-id", Instant.ofEpochSecond(160))).isPresent();
    }

    @Test
    void prunedWorkerLeavesFinishedJobsUntouched() {
        long id = jobs.defer(job("q", 0, null, null));
        jobs.fetchJob(null, worker);
        jobs.finishJob(JobEnd.succeeded(id));
        ageHeartbeat(worker);

        assertThat(jobs.pruneStalledWorkers(Duration.ofSeconds(30))).containsExactly(worker);
        assertThat(jobs.getJob(id).orElseThrow().workerId()).isNull();
    }

    @Test
    void jobsOfAStalledWorkerAreListedAsStalled() {
        long id = jobs.defer(job("q", 0, null, null));
        jobs.fetchJob(null, worker);
        ageHeartbeat(worker);

        assertThat(jobs.listStalledJobs(Duration.ofSeconds(30), JobQuery.all())).extracting(Job::id).containsExactly(id);
    }

    @Test
    void oldFinishedJobsAreDeletedAndRecentOnesKept() {
        long old = jobs.defer(job("q", 0, null, null));
        long recent = jobs.defer(job("q", 0, null, null));
        long waiting = jobs.defer(job("q", 0, null, null));
        jobs.fetchJobs(null, worker, 2);
        jobs.finishJob(JobEnd.succeeded(old));
        jobs.finishJob(JobEnd.failed(recent, null));
        ageEvents(old, Duration.ofHours(3));
        ageEvents(waiting, Duration.ofHours(3));

        assertThat(jobs.deleteOldJobs(OldJobsDeletion.olderThan(Duration.ofHours(2)).includingFailed())).isEqualTo(1);
        assertThat(jobs.getJob(old)).isEmpty();
        assertThat(jobs.getJob(recent)).isPresent();
        assertThat(jobs.getJob(waiting)).as("unfinished jobs are never removed").isPresent();
    }

    @Test
    void adminListingsCountJobsPerQueueTaskAndLock() {
        jobs.defer(job("a", 0, "L", null));
        jobs.defer(job("a", 0, null, null));
        jobs.defer(job("b", 0, null, null));

        assertThat(jobs.listQueues(JobQuery.all())).extracting(c -> c.name() + "=" + c.count(JobStatus.TODO))
                .containsExactly("a=2", "b=1");
        assertThat(jobs.listTasks(JobQuery.all().withTask("task"))).extracting(c -> c.total()).containsExactly(3L);
        assertThat(jobs.listLocks(JobQuery.all())).extracting(c -> c.name()).containsExactly("L");
    }

    @Test
    void adminListingsCountOnlyTheJobsMatchingTheirFilterOfQueueTaskStatusAndLock() {
        jobs.defer(new JobToDefer("a", "send", 0, "L1", null, "{}", null));
        jobs.defer(new JobToDefer("a", "send", 0, "L2", null, "{}", null));
        jobs.defer(new JobToDefer("a", "bill", 0, "L1", null, "{}", null));
        jobs.defer(new JobToDefer("b", "send", 0, "L3", null, "{}", null));
        jobs.fetchJobs(List.of("b"), worker, 1);

        assertThat(jobs.listQueues(JobQuery.all().withTask("send"))).extracting(c -> c.name() + "=" + c.total())
                .containsExactly("a=2", "b=1");
        assertThat(jobs.listQueues(JobQuery.all().withStatus(JobStatus.DOING))).extracting(StatusCounts::name)
                .containsExactly("b");
        assertThat(jobs.listTasks(JobQuery.all().withQueue("a").withLock("L1")))
                .extracting(c -> c.name() + "=" + c.total()).containsExactly("bill=1", "send=1");
        assertThat(jobs.listLocks(JobQuery.all().withQueue("a").withTask("send")))
                .extracting(c -> c.name() + "=" + c.total()).containsExactly("L1=1", "L2=1");
        assertThat(jobs.listLocks(JobQuery.all().withStatus(JobStatus.DOING)))
                .extracting(c -> c.name() + "=" + c.count(JobStatus.DOING)).containsExactly("L3=1");
    }

    @Test
    void jobsAreListedOldestFirstUnlessTheQueryAsksForNewestFirst() {
        List<Long> ids = jobs.batchDefer(List.of(job("q", 0, null, null), job("q", 5, null, null),
                job("q", 0, null, null)));

        assertThat(jobs.listJobs(JobQuery.all())).extracting(Job::id).containsExactlyElementsOf(ids);
        assertThat(jobs.listJobs(JobQuery.all().withLimit(2))).extracting(Job::id)
                .containsExactly(ids.get(0), ids.get(1));
        assertThat(jobs.listJobs(JobQuery.all().newestFirst().withLimit(2))).extracting(Job::id)
                .containsExactly(ids.get(2), ids.get(1));
    }

    @Test
    void stalledJobsAreFilteredByTaskAsWellAsQueue() {
        long send = jobs.defer(new JobToDefer("q", "send", 0, null, null, "{}", null));
        long bill = jobs.defer(new JobToDefer("q", "bill", 0, null, null, "{}", null));
        long other = jobs.defer(new JobToDefer("r", "send", 0, null, null, "{}", null));
        jobs.fetchJobs(null, worker, 3);
        ageHeartbeat(worker);

        assertThat(jobs.listStalledJobs(STALLED, JobQuery.all().withTask("send"))).extracting(Job::id)
                .containsExactly(send, other);
        assertThat(jobs.listStalledJobs(STALLED, JobQuery.all().withTask("send").withQueue("q")))
                .extracting(Job::id).containsExactly(send);
        assertThat(jobs.listStalledJobs(STALLED, JobQuery.all().withQueue("q"))).extracting(Job::id)
                .containsExactly(send, bill);
    }

    @Test
    void cancellingWithAbortAndDeleteDeletesAWaitingJobAndAsksARunningOneToAbort() {
        long waiting = jobs.defer(job("q", 0, null, null));
        long running = jobs.defer(job("r", 0, null, null));
        jobs.fetchJob(List.of("r"), worker);

        assertThat(jobs.cancelJob(waiting, Cancellation.abort().deletingJob())).isTrue();
        assertThat(jobs.cancelJob(running, Cancellation.abort().deletingJob())).isTrue();

        assertThat(jobs.getJob(waiting)).isEmpty();
        assertThat(jobs.getJob(running).orElseThrow().abortRequested()).isTrue();
        assertThat(jobs.cancelJob(running, Cancellation.cancel())).as("a running job is only aborted").isFalse();
    }

    private static final Duration STALLED = Duration.ofSeconds(30);
    private static final FailureDetails WORKER_DIED = new FailureDetails("test.WorkerDied", "worker died", null);

    /** A job claimed by a worker that then went silent and was pruned by {@code worker}'s reaper. */
    private long jobOfAPrunedWorker(int priority) {
        long id = jobs.defer(job("q", priority, null, null));
        long dead = jobs.registerWorker();
        assertThat(jobs.fetchJobs(null, dead, 1)).extracting(Job::id).containsExactly(id);
        ageHeartbeat(dead);
        assertThat(jobs.pruneStalledWorkers(STALLED, worker)).containsExactly(dead);
        return id;
    }

    @Test
    void heartbeatTellsWhetherTheWorkerIsStillRegistered() {
        assertThat(jobs.updateHeartbeat(worker)).isTrue();
        long other = jobs.registerWorker();
        ageHeartbeat(other);
        jobs.pruneStalledWorkers(STALLED, worker);

        assertThat(jobs.updateHeartbeat(other)).as("a pruned worker's heartbeat").isFalse();
    }

    @Test
    void pruningSparesTheWorkerThatPrunes() {
        long other = jobs.registerWorker();
        ageHeartbeat(other);

        assertThat(jobs.pruneStalledWorkers(STALLED, worker)).containsExactly(other);
        assertThat(jobs.pruneStalledWorkers(Duration.ZERO.plusNanos(1), worker)).isEmpty();
        assertThat(jobs.updateHeartbeat(worker)).isTrue();
    }

    @Test
    void aReaperWhoseOwnHeartbeatIsLatePrunesAndRecoversNothing() {
        long id = jobs.defer(job("q", 0, null, null));
        long other = jobs.registerWorker();
        jobs.fetchJobs(null, other, 1);
        ageHeartbeat(other);
        ageHeartbeat(worker);

        assertThat(jobs.pruneStalledWorkers(STALLED, worker)).isEmpty();
        assertThat(jobs.recoverStalledJob(new StalledJobRecovery(id, 3, null, worker), STALLED, WORKER_DIED)
                .outcome()).isEqualTo(StalledJobRecovery.Outcome.NOT_STALLED);
        assertThat(jobs.getJob(id).orElseThrow().status()).isEqualTo(JobStatus.DOING);
        assertThat(jobs.updateHeartbeat(other)).isTrue();
    }

    @Test
    void claimByAPrunedWorkerIsRefusedAndClaimsNothing() {
        long id = jobs.defer(job("q", 0, null, null));
        long other = jobs.registerWorker();
        ageHeartbeat(other);
        jobs.pruneStalledWorkers(STALLED, worker);

        assertThatThrownBy(() -> jobs.fetchJobs(null, other, 2)).isInstanceOf(WorkerNotRegisteredException.class);
        assertThat(jobs.getJob(id).orElseThrow().status()).isEqualTo(JobStatus.TODO);
    }

    @Test
    void ownedEndsAreWrittenWithTheFailureOfEachFailedRun() {
        List<Long> ids = jobs.batchDefer(List.of(job("q", 0, null, null), job("q", 0, null, null)));
        jobs.fetchJobs(null, worker, 2);
        FailureDetails boom = FailureDetails.of(new IllegalStateException("boom <script>"));

        List<Long> refused = jobs.finishOwnedJobs(worker, List.of(new JobEnd(ids.get(0), JobStatus.SUCCEEDED, false,
                null), new JobEnd(ids.get(1), JobStatus.FAILED, false, boom)));

        assertThat(refused).isEmpty();
        assertThat(jobs.getJob(ids.get(0)).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.getJob(ids.get(1)).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
        assertThat(jobs.getJob(ids.get(1)).orElseThrow().attempts()).isEqualTo(1);
        assertThat(jobs.listFailures(ids.get(1))).singleElement().satisfies(failure -> {
            assertThat(failure.attempt()).isEqualTo(1);
            assertThat(failure.workerId()).isEqualTo(worker);
            assertThat(failure.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(failure.message()).isEqualTo("boom <script>");
            assertThat(failure.stackTrace()).contains("ownedEndsAreWrittenWithTheFailureOfEachFailedRun");
        });
        assertThat(jobs.listFailures(ids.get(0))).isEmpty();
    }

    @Test
    void lateEndOfAJobRunAgainElsewhereIsRefusedAndTheOtherOutcomeStands() {
        long id = jobs.defer(job("q", 0, null, null));
        long frozen = jobs.registerWorker();
        jobs.fetchJobs(null, frozen, 1);
        ageHeartbeat(frozen);
        jobs.pruneStalledWorkers(STALLED, worker);
        assertThat(jobs.recoverStalledJob(new StalledJobRecovery(id, 3, null, worker), STALLED, WORKER_DIED)
                .outcome())
                .isEqualTo(StalledJobRecovery.Outcome.RECOVERED);
        assertThat(jobs.fetchJobs(null, worker, 1)).extracting(Job::id).containsExactly(id);
        assertThat(jobs.finishOwnedJobs(worker, List.of(new JobEnd(id, JobStatus.SUCCEEDED, false, null)))).isEmpty();

        List<Long> refused = jobs.finishOwnedJobs(frozen, List.of(new JobEnd(id, JobStatus.FAILED, true, null)));
        boolean retried = jobs.retryOwnedJob(frozen, id, RetryDecision.at(now()), null);

        assertThat(refused).containsExactly(id);
        assertThat(retried).isFalse();
        assertThat(jobs.getJob(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void ownedSnoozePutsTheJobBackAtTheGivenTimeWithItsAttemptsUnchangedAndOnlyForItsWorker() {
        long id = jobs.defer(job("q", 0, null, null));
        jobs.fetchJobs(null, worker, 1);
        Instant later = now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        assertThat(jobs.snoozeOwnedJob(worker + 1000, id, later)).isFalse();
        assertThat(jobs.snoozeOwnedJob(worker, id, later)).isTrue();

        Job snoozed = jobs.getJob(id).orElseThrow();
        assertThat(snoozed.status()).isEqualTo(JobStatus.TODO);
        assertThat(snoozed.attempts()).isZero();
        assertThat(snoozed.scheduledAt()).isEqualTo(later);
        assertThat(snoozed.workerId()).isNull();
        assertThat(jobs.listFailures(id)).isEmpty();
        assertThat(jobs.fetchJobs(null, worker, 1)).isEmpty();
        assertThat(jobs.snoozeOwnedJob(worker, id, later)).as("no longer doing").isFalse();
    }

    @Test
    void ownedRetryPutsTheJobBackAndRecordsWhyItFailed() {
        long id = jobs.defer(job("q", 0, null, null));
        jobs.fetchJobs(null, worker, 1);

        assertThat(jobs.retryOwnedJob(worker, id, new RetryDecision(now(), 5, "other", null),
                FailureDetails.of(new IllegalArgumentException("bad")))).isTrue();

        Job retried = jobs.getJob(id).orElseThrow();
        assertThat(retried.status()).isEqualTo(JobStatus.TODO);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.priority()).isEqualTo(5);
        assertThat(retried.queueName()).isEqualTo("other");
        assertThat(retried.workerId()).isNull();
        assertThat(jobs.listFailures(id)).singleElement().satisfies(f -> assertThat(f.message()).isEqualTo("bad"));
    }

    @Test
    void listsTheRunningJobsThatAreNoLongerTheWorkers() {
        long mine = jobs.defer(job("q", 1, null, null));
        assertThat(jobs.fetchJobs(null, worker, 1)).extracting(Job::id).containsExactly(mine);
        long lost = jobOfAPrunedWorker(0);

        assertThat(jobs.listJobsNotOwned(worker, List.of(mine, lost, 999_999L))).containsExactlyInAnyOrder(lost,
                999_999L);
    }

    @Test
    void stalledJobRunsAgainUntilItWasRecoveredMaxRecoveriesTimesThenFails() {
        long id = jobOfAPrunedWorker(0);
        StalledJobRecovery.Result first = jobs.recoverStalledJob(
                new StalledJobRecovery(id, 1, null, worker), STALLED, WORKER_DIED);
        assertThat(first.outcome()).isEqualTo(StalledJobRecovery.Outcome.RECOVERED);
        assertThat(jobs.getJob(id).orElseThrow().status()).isEqualTo(JobStatus.TODO);
        long dead = jobs.registerWorker();
        jobs.fetchJobs(null, dead, 1);
        jobs.unregisterWorker(dead);

        StalledJobRecovery.Result second = jobs.recoverStalledJob(
                new StalledJobRecovery(id, 1, null, worker), STALLED, WORKER_DIED);

        assertThat(second.outcome()).isEqualTo(StalledJobRecovery.Outcome.FAILED);
        assertThat(second.recoveries()).isEqualTo(2);
        assertThat(jobs.getJob(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
        assertThat(jobs.getJob(id).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void stalledJobOfATaskThatMustNeverRunTwiceFails() {
        long id = jobOfAPrunedWorker(0);

        assertThat(jobs.recoverStalledJob(new StalledJobRecovery(id, 0, null, worker), STALLED, WORKER_DIED)
                .outcome())
                .isEqualTo(StalledJobRecovery.Outcome.FAILED);
        assertThat(jobs.getJob(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void recoveringAJobWhoseWorkerIsAliveChangesNothing() {
        long id = jobs.defer(job("q", 0, null, null));
        jobs.fetchJobs(null, worker, 1);

        assertThat(jobs.recoverStalledJob(new StalledJobRecovery(id, 3, null, worker), STALLED, WORKER_DIED)
                .outcome())
                .isEqualTo(StalledJobRecovery.Outcome.NOT_STALLED);
        assertThat(jobs.getJob(id).orElseThrow().status()).isEqualTo(JobStatus.DOING);
        assertThat(jobs.getJob(id).orElseThrow().workerId()).isEqualTo(worker);
    }
}
