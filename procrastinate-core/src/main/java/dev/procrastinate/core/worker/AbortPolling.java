package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.RetryDecision;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Side loop: asks the database about the running jobs. Those whose abort was requested are aborted (a NOTIFY does
 * the same at once through {@link #requestAbort(long)}); those that are no longer this worker's (re-run elsewhere
 * after a prune, deleted) are stopped without writing their ends; and claims whose answer was lost are put back.
 */
record AbortPolling(WorkerStore store, Membership membership, RunningJobs running, Clock clock, Duration interval,
        OutageLog outage) implements SideLoop {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    /** Polls every {@code interval}; its outages are logged as {@code poll_running_jobs}. */
    AbortPolling(WorkerStore store, Membership membership, RunningJobs running, Clock clock, Duration interval) {
        this(store, membership, running, clock, interval, new OutageLog(LOG, "poll_running_jobs"));
    }

    @Override
    public String name() {
        return "abort-polling";
    }

    @Override
    public void step() {
        long id = membership.id();
        try {
            sweepLostClaims(id);
            if (running.isEmpty()) {
                outage.succeeded();
                return;
            }
            for (Long jobId : store.listJobsToAbort(running.ids())) {
                requestAbort(jobId);
            }
            List<RunningJob> mine = running.all().stream().filter(job -> job.claimedBy == id).toList();
            if (id != Membership.NONE && !mine.isEmpty()) {
                List<Long> ids = mine.stream().map(job -> job.job.id()).toList();
                for (Long jobId : store.listJobsNotOwned(id, ids)) {
                    RunningJob job = running.get(jobId);
                    if (job != null && !job.ending()) {
                        LOG.atWarn().addKeyValue("action", "job_ownership_lost").log("job {} is no longer this "
                                + "worker's (handed to another run, or deleted): stopping it", jobId);
                        job.abort(AbortReason.LOST_OWNERSHIP);
                    }
                }
            }
            outage.succeeded();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    /** Aborts the job if this worker runs it. */
    void requestAbort(long jobId) {
        RunningJob job = running.get(jobId);
        if (job != null) {
            LOG.atInfo().addKeyValue("action", "abort_job").log("abort requested for job {}", jobId);
            job.abort(AbortReason.USER_REQUEST);
        }
    }

    /**
     * Jobs {@code doing} under this worker's id that it does not hold: a claim whose commit went through but whose
     * answer was lost with the connection. Nobody else would ever run them while this worker is alive, so they are
     * put back to run again.
     */
    private void sweepLostClaims(long id) {
        if (id == Membership.NONE) {
            return;
        }
        List<Job> lost = running.notInHand(
                () -> store.listJobs(JobQuery.all().withWorkerId(id).withStatus(JobStatus.DOING)));
        for (Job job : lost) {
            if (store.retryOwnedJob(id, job.id(), RetryDecision.at(clock.instant()), null)) {
                LOG.atWarn().addKeyValue("action", "lost_claim_released").addKeyValue("job_id", job.id())
                        .log("job {} was claimed by this worker but the claim's answer was lost with its "
                                + "connection: it is put back to run again", job.id());
            }
        }
    }
}
