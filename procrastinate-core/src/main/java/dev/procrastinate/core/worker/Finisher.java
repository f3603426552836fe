package dev.procrastinate.core.worker;

import dev.procrastinate.api.FailureDetails;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobEnd;
import dev.procrastinate.api.WorkerStore;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.RetryDecision;
import dev.procrastinate.core.internal.Batches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the ends of jobs from one thread, batching what accumulates while a write is under way: when idle, each
 * end is written at once; under load, the ends of one worker id go in one statement. Every end is fenced: it is
 * written only while the job is still {@code doing} under the worker id that claimed it, so the late end of a run
 * that was handed to another worker (this one was pruned after a freeze) never overwrites the other run's outcome;
 * such ends are refused and logged. Outages are ridden out by {@link Persistence}; a batch that fails for another
 * reason is written again one job at a time, so that one odd job cannot hold back the others.
 *
 * <p>A retry is written at once on the caller's thread ({@link #retry}), fenced the same way: the job's thread does
 * not go on before its retry is in the database.
 */
final class Finisher {

    private static final Logger LOG = LoggerFactory.getLogger(Finisher.class);
    private static final int MAX_BATCH = 256;
    private static final End STOP = new End(-1, -1, JobStatus.SUCCEEDED, false, null, false);

    /** One end to write: the job, the worker id it was claimed under, and what to write. */
    record End(long jobId, long workerId, JobStatus status, boolean delete, FailureDetails failure, boolean lock) {
    }

    private final WorkerStore jobManager;
    private final Persistence persistence;
    private final Runnable onWritten;
    private final boolean signalEveryWrite;
    private final LongConsumer done;
    private final BlockingQueue<End> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread thread;
    private final DeleteJobs deleteJobs;

    /**
     * {@code onWritten} runs after a write that freed a lock, or after every write when {@code signalEveryWrite}
     * (a one-shot worker waits for ends in flight before it decides the queue is empty). {@code done} is told of
     * each job whose end was written or refused (not of those given up: they stay this worker's).
     */
    Finisher(String name, WorkerStore jobManager, Persistence persistence, DeleteJobs deleteJobs, Runnable onWritten,
            boolean signalEveryWrite, LongConsumer done) {
        this.deleteJobs = deleteJobs;
        this.done = done;
        this.jobManager = jobManager;
        this.persistence = persistence;
        this.onWritten = onWritten;
        this.signalEveryWrite = signalEveryWrite;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    /** Starts the writing thread. */
    void start() {
        thread.start();
    }

    /** Queues the end of a run: {@code status}, with the failure recorded when it failed with an error. */
    void finish(RunningJob run, JobStatus status, Throwable error) {
        FailureDetails failure = status == JobStatus.FAILED && error != null ? FailureDetails.of(error) : null;
        submit(new End(run.job.id(), run.claimedBy, status, deleteJobs.deletes(status), failure,
                run.job.lock() != null));
    }

    /**
     * Writes the retry of a run now, with {@code error} recorded as the attempt's failure; ends the job's hold on
     * it unless the write was given up (the job then stays {@code doing} and runs again once this worker is gone).
     */
    void retry(RunningJob run, RetryDecision decision, Throwable error) {
        FailureDetails failure = error == null ? null : FailureDetails.of(error);
        writeNow("retry", run, () -> jobManager.retryOwnedJob(run.claimedBy, run.job.id(), decision, failure));
    }

    /** Writes the snooze of a run now (to {@code todo} at {@code runAt}, attempts unchanged), as {@link #retry}. */
    void snooze(RunningJob run, Instant runAt) {
        writeNow("snooze", run, () -> jobManager.snoozeOwnedJob(run.claimedBy, run.job.id(), runAt));
    }

    private void writeNow(String what, RunningJob run, Supplier<Boolean> write) {
        long jobId = run.job.id();
        try {
            Optional<Boolean> written = persistence.write(write);
            if (written.isEmpty()) {
                LOG.atError().addKeyValue("action", "job_end_not_written").log("stopped before the database came "
                        + "back: the {} of job {} was not written; it runs again once this worker is gone", what,
                        jobId);
                return;
            } else if (!written.get()) {
                LOG.atWarn().addKeyValue("action", "job_end_refused").log("the {} of job {} was not written now: "
                        + "the job is no longer doing under this worker (an earlier try whose answer was lost wrote "
                        + "it, or the job was handed to another run, or deleted)", what, jobId);
            }
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue("action", "job_end_not_written").setCause(e).log("could not write the {} of "
                    + "job {} ({}): it stays doing and runs again once this worker is gone", what, jobId,
                    e.getMessage());
            return;
        }
        done.accept(jobId);
    }

    private void submit(End end) {
        pending.incrementAndGet();
        queue.add(end);
    }

    /** Ends submitted and not yet written (or given up). */
    int pending() {
        return pending.get();
    }

    /**
     * Writes everything submitted so far, then stops; waits for that until {@code deadline} ({@link System#nanoTime()})
     * and returns whether it is done (a write blocked on a database that does not answer is abandoned after it).
     */
    boolean close(long deadline) {
        queue.add(STOP);
        try {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private void loop() {
        List<End> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.removeIf(end -> end == STOP);
            write(batch);
            batch.clear();
            if (stop) {
                queue.drainTo(batch);
                batch.removeIf(end -> end == STOP);
                write(batch);
                return;
            }
        }
    }

    private void write(List<End> ends) {
        if (ends.isEmpty()) {
            return;
        }
        boolean lockFreed = false;
        for (End end : ends) {
            lockFreed |= end.lock;
        }
        // One group per worker id: one, or two around a re-registration.
        for (List<End> group : Batches.group(ends, (a, b) -> a.workerId == b.workerId)) {
            try {
                writeGroup(group);
            } catch (RuntimeException | Error e) {
                LOG.atError().addKeyValue("action", "job_end_not_written").setCause(e).log("could not write the "
                        + "ends of {} job(s): {}; they stay doing and run again once worker {} is gone", group.size(),
                        e, group.get(0).workerId);
            }
        }
        pending.addAndGet(-ends.size());
        if (lockFreed || signalEveryWrite) {
            onWritten.run();
        }
    }

    /**
     * Says why an end was refused, from the job's row as it is now: an earlier try of the same write whose answer was
     * lost with its connection has usually written it already (then nothing is wrong); otherwise the job is another
     * run's, or gone.
     */
    private void explainRefusal(End end) {
        Optional<Job> now;
        try {
            now = jobManager.getJob(end.jobId);
        } catch (RuntimeException e) {
            now = null;
        }
        if (now != null && (now.isEmpty() && end.delete
                || now.isPresent() && now.get().status() == end.status && now.get().workerId() == null)) {
            LOG.atDebug().addKeyValue("action", "job_end_already_written").addKeyValue("job_id", end.jobId)
                    .log("the end of job {} was already written (an earlier try whose answer was lost)", end.jobId);
            return;
        }
        String state = now == null ? "unknown (the database could not be asked)"
                : now.map(job -> job.status().dbValue() + (job.workerId() == null ? "" : " under worker "
                        + job.workerId())).orElse("deleted");
        LOG.atWarn().addKeyValue("action", "job_end_refused").addKeyValue("job_id", end.jobId)
                .log("the end of job {} was not written: it is no longer doing under worker {} but {} (the worker "
                        + "was pruned and the job handed to another run, or it was changed by someone else)",
                        end.jobId, end.workerId, state);
    }

    private void writeGroup(List<End> group) {
        long workerId = group.get(0).workerId;
        List<JobEnd> ends = new ArrayList<>(group.size());
        for (End end : group) {
            ends.add(new JobEnd(end.jobId, end.status, end.delete, end.failure));
        }
        Optional<List<Long>> refused;
        try {
            refused = persistence.write(() -> jobManager.finishOwnedJobs(workerId, ends));
        } catch (RuntimeException e) {
            if (group.size() > 1) {
                LOG.debug("batch of {} ends refused ({}); writing them one by one", group.size(), e.getMessage());
                for (End end : group) {
                    writeGroup(List.of(end));
                }
            } else {
                LOG.atError().addKeyValue("action", "job_end_not_written").addKeyValue("job_id", group.get(0).jobId)
                        .setCause(e).log("could not write the end of job {} ({}): it stays doing under worker {} "
                                + "and runs again once that worker is gone", group.get(0).jobId, e.getMessage(),
                                workerId);
            }
            return;
        }
        if (refused.isEmpty()) {
            LOG.atError().addKeyValue("action", "job_end_not_written")
                    .log("stopped before the database came back: the ends of {} job(s) were not written; they stay "
                            + "doing and run again once worker {} is gone", group.size(), workerId);
            return;
        }
        for (End end : group) {
            done.accept(end.jobId);
        }
        for (Long jobId : refused.get()) {
            End end = group.stream().filter(candidate -> candidate.jobId == jobId).findFirst().orElseThrow();
            explainRefusal(end);
        }
    }
}
