package dev.procrastinate.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEnd;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.JobToDefer;
import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.QueueLimits;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.api.WorkerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Queue pause and limits, checked against every {@link JobManager}: the SQL one on PostgreSQL and the in-memory
 * one, which must claim the same jobs in the same order.
 */
public abstract class QueueControlContract<S extends JobManager & WorkerStore> {

    /** Set through {@link #use}: the job manager under test and a registered worker. */
    protected S jobs;
    protected long worker;
    private AutoCloseable resources;

    /** The implementation's set-up hands over its job manager, and what to close after the test. */
    protected void use(S manager, AutoCloseable closing) {
        jobs = manager;
        worker = manager.registerWorker();
        resources = closing;
    }

    @AfterEach
    void closeResources() throws Exception {
        resources.close();
    }

    protected static JobToDefer job(String queue, String key) {
        return new JobToDefer(queue, "task", 0, null, null, "{}", null).withConcurrencyKey(key);
    }

    private List<Long> defer(String queue, String key, int count) {
        return jobs.batchDefer(IntStream.range(0, count).mapToObj(i -> job(queue, key)).toList());
    }

    private List<Long> fetch(int max) {
        return jobs.fetchJobs(null, worker, max).stream().map(Job::id).toList();
    }

    private void succeed(List<Long> ids) {
        assertThat(jobs.finishOwnedJobs(worker, ids.stream().map(id -> new JobEnd(id, JobStatus.SUCCEEDED, false, null)).toList()))
                .isEmpty();
    }

    @Test
    void aPausedQueueGetsNoClaimWhileOtherQueuesDo() {
        long paused = jobs.defer(job("paused", null));
        long other = jobs.defer(job("other", null));

        jobs.pauseQueue("paused");

        assertThat(fetch(10)).containsExactly(other);
        assertThat(jobs.getJob(paused).orElseThrow().status()).isEqualTo(JobStatus.TODO);
        assertThat(jobs.fetchJobs(List.of("paused"), worker, 10)).isEmpty();
    }

    @Test
    void aResumedQueueIsClaimedAgainAndForgottenWhenItHasNoLimit() {
        long id = jobs.defer(job("q", null));
        jobs.pauseQueue("q");
        jobs.pauseQueue("q");
        assertThat(jobs.listQueueControls()).containsExactly(new QueueControl("q", true, QueueLimits.NONE));
        assertThat(fetch(10)).isEmpty();

        jobs.resumeQueue("q");

        assertThat(jobs.listQueueControls()).isEmpty();
        assertThat(fetch(10)).containsExactly(id);
    }

    @Test
    void aPausedLimitedQueueKeepsItsLimitsWhenResumed() {
        QueueLimits limits = QueueLimits.maxRunning(3).withRatePerKey(5, Duration.ofMinutes(1));
        jobs.setQueueLimits("q", limits);
        jobs.pauseQueue("q");
        jobs.defer(job("q", null));
        assertThat(fetch(10)).isEmpty();

        jobs.resumeQueue("q");

        assertThat(jobs.listQueueControls()).containsExactly(new QueueControl("q", false, limits));
        assertThat(fetch(10)).hasSize(1);
        jobs.setQueueLimits("q", QueueLimits.NONE);
        assertThat(jobs.listQueueControls()).isEmpty();
    }

    @Test
    void aQueueLimitCapsTheRunningJobsAndFreesASlotWhenOneEnds() {
        jobs.setQueueLimits("q", QueueLimits.maxRunning(2));
        List<Long> ids = defer("q", null, 5);
        long free = jobs.defer(job("free", null));

        List<Long> first = fetch(10);

        assertThat(first).containsExactlyInAnyOrder(ids.get(0), ids.get(1), free);
        assertThat(fetch(10)).isEmpty();
        succeed(List.of(ids.get(0)));
        assertThat(fetch(10)).containsExactly(ids.get(2));
    }

    @Test
    void aKeyLimitCapsTheRunningJobsOfEachKey() {
        jobs.setQueueLimits("q", QueueLimits.NONE.withMaxRunningPerKey(1));
        List<Long> a = defer("q", "A", 3);
        List<Long> b = defer("q", "B", 2);

        assertThat(fetch(10)).containsExactlyInAnyOrder(a.get(0), b.get(0));
        assertThat(fetch(10)).isEmpty();
        succeed(List.of(b.get(0)));
        assertThat(fetch(10)).containsExactly(b.get(1));
    }

    @Test
    void keysTakeTurnsSoAKeyWithFewJobsIsNotStuckBehindAnotherKeysBacklog() {
        jobs.setQueueLimits("q", QueueLimits.NONE.withMaxRunningPerKey(100));
        List<Long> a = defer("q", "A", 10);
        List<Long> b = defer("q", "B", 3);

        List<Long> order = fetch(1);
        for (int i = 0; i < 5; i++) {
            order = concat(order, fetch(1));
        }

        assertThat(order).containsExactly(a.get(0), b.get(0), a.get(1), b.get(1), a.get(2), b.get(2));
    }

    @Test
    void aKeyNewToTheQueueWaitsOneTurnNotTheOtherKeysBacklog() {
        jobs.setQueueLimits("q", QueueLimits.NONE.withMaxRunningPerKey(100));
        List<Long> a = defer("q", "A", 10);
        assertThat(fetch(4)).containsExactlyElementsOf(a.subList(0, 4));

        long late = defer("q", "B", 1).get(0);

        assertThat(fetch(2)).containsExactly(a.get(4), late);
    }

    @Test
    void aHigherPriorityStillComesFirstAcrossKeys() {
        jobs.setQueueLimits("q", QueueLimits.NONE.withMaxRunningPerKey(5));
        defer("q", "A", 3);
        long urgent = jobs.defer(new JobToDefer("q", "task", 10, null, null, "{}", null).withConcurrencyKey("B"));

        assertThat(fetch(1)).containsExactly(urgent);
    }

    @Test
    void jobsWithoutAKeyInAKeyLimitedQueueRunUnderTheQueueLimitOnly() {
        jobs.setQueueLimits("q", QueueLimits.maxRunning(3).withMaxRunningPerKey(1));
        List<Long> keyed = defer("q", "A", 2);
        List<Long> keyless = defer("q", null, 3);

        assertThat(fetch(10)).containsExactlyInAnyOrder(keyed.get(0), keyless.get(0), keyless.get(1));
    }

    @Test
    void aRetriedKeyedJobIsClaimedAgainWithinItsKeyLimit() {
        jobs.setQueueLimits("q", QueueLimits.NONE.withMaxRunningPerKey(1));
        List<Long> a = defer("q", "A", 2);
        assertThat(fetch(10)).containsExactly(a.get(0));

        assertThat(jobs.retryOwnedJob(worker, a.get(0), new RetryDecision(Instant.now().minusSeconds(1), null, null,
                null), null)).isTrue();

        assertThat(fetch(10)).containsExactly(a.get(0));
        assertThat(fetch(10)).isEmpty();
    }

    @Test
    void aRetriedJobWaitsWhileItsKeyIsAtItsLimit() {
        jobs.setQueueLimits("q", QueueLimits.NONE.withMaxRunningPerKey(1));
        long retried = defer("q", "A", 1).get(0);
        assertThat(fetch(10)).containsExactly(retried);
        retry(retried);
        long urgent = jobs.defer(new JobToDefer("q", "task", 10, null, null, "{}", null).withConcurrencyKey("A"));

        assertThat(fetch(10)).containsExactly(urgent);
        assertThat(fetch(10)).isEmpty();
        succeed(List.of(urgent));
        assertThat(fetch(10)).containsExactly(retried);
    }

    @Test
    void aJobWithoutAKeyBackInTodoCountsOnceAgainstTheRateWhenClaimedAgain() {
        jobs.setQueueLimits("q", QueueLimits.NONE.withMaxRunningPerKey(5).withRate(3, Duration.ofHours(1)));
        long retried = defer("q", null, 1).get(0);
        assertThat(fetch(10)).containsExactly(retried);
        retry(retried);
        assertThat(fetch(10)).containsExactly(retried);
        List<Long> later = defer("q", null, 2);

        assertThat(fetch(10)).as("the third start of the period").containsExactly(later.get(0));
        assertThat(fetch(10)).isEmpty();
    }

    private void retry(long id) {
        assertThat(jobs.retryOwnedJob(worker, id, new RetryDecision(Instant.now().minusSeconds(1), null, null, null),
                null)).isTrue();
    }

    @Test
    void aRateLimitCapsTheStartsWithinThePeriodEvenOnceTheJobsEnded() {
        jobs.setQueueLimits("q", QueueLimits.NONE.withRate(2, Duration.ofHours(1)));
        List<Long> ids = defer("q", null, 4);

        List<Long> first = fetch(10);
        succeed(first);

        assertThat(first).containsExactly(ids.get(0), ids.get(1));
        assertThat(fetch(10)).isEmpty();
    }

    @Test
    void aKeyRateLimitCapsTheStartsOfEachKey() {
        jobs.setQueueLimits("q", QueueLimits.NONE.withRatePerKey(1, Duration.ofHours(1)));
        List<Long> a = defer("q", "A", 2);
        List<Long> b = defer("q", "B", 2);

        List<Long> first = fetch(10);
        succeed(first);

        assertThat(first).containsExactlyInAnyOrder(a.get(0), b.get(0));
        assertThat(fetch(10)).isEmpty();
    }

    @Test
    void onlyTheWatchedLimitedQueuesAreClaimed() {
        jobs.setQueueLimits("limited", QueueLimits.maxRunning(5));
        long limited = jobs.defer(job("limited", null));
        long other = jobs.defer(job("other", null));

        assertThat(jobs.fetchJobs(List.of("other"), worker, 10)).extracting(Job::id).containsExactly(other);
        assertThat(jobs.fetchJobs(List.of("limited"), worker, 10)).extracting(Job::id).containsExactly(limited);
    }

    @Test
    void limitsThatCannotHoldAreRefusedNamingWhatToFix() {
        assertThatThrownBy(() -> QueueLimits.maxRunning(0)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maxRunning must be at least 1");
        assertThatThrownBy(() -> new QueueLimits(null, null, 5, null, null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs a positive ratePeriod");
        assertThatThrownBy(() -> jobs.pauseQueue("")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("queue name");
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
