package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobManager;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.ProcrastinateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the ends of jobs from one thread, batching what accumulates while a write is under way: when idle, each
 * end is written at once; under load, ends of the same status go in one statement. A batch the database refuses
 * as a whole (one of its jobs was cancelled or deleted meanwhile) is written again one job at a time, so one odd
 * job cannot hold back the others. Transient failures are retried by {@code persist} until they succeed.
 */
final class Finisher {

    private static final Logger LOG = LoggerFactory.getLogger(Finisher.class);
    private static final int MAX_BATCH = 256;
    private static final Job STOP = new Job(-1, "-", "-", 0, null, null, "{}", JobStatus.TODO, null, 0, false, null);

    private record End(Job job, JobStatus status, boolean delete) {
    }

    private final JobManager jobManager;
    private final Persister persist;
    private final Runnable onLockFreed;
    private final BlockingQueue<End> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    /** Runs a write, retrying through transient failures; a non-transient one is thrown when asked, else logged. */
    interface Persister {
        void persist(Runnable write, boolean rethrow);
    }

    Finisher(String name, JobManager jobManager, Persister persist, Runnable onLockFreed) {
        this.jobManager = jobManager;
        this.persist = persist;
        this.onLockFreed = onLockFreed;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void submit(Job job, JobStatus status, boolean delete) {
        queue.add(new End(job, status, delete));
    }

    /** Writes everything submitted so far, then stops. */
    void close() {
        queue.add(new End(STOP, JobStatus.TODO, false));
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            boolean stop = batch.removeIf(end -> end.job == STOP);
            write(batch);
            batch.clear();
            if (stop) {
                List<End> rest = new ArrayList<>();
                queue.drainTo(rest);
                rest.removeIf(end -> end.job == STOP);
                write(rest);
                return;
            }
        }
    }

    private void write(List<End> ends) {
        if (ends.isEmpty()) {
            return;
        }
        // One group per (status, delete), in order of first appearance: a few at most, found by a linear look-up,
        // so there is no per-job key, map or stream on this path.
        List<List<End>> groups = new ArrayList<>(2);
        boolean lockFreed = false;
        for (End end : ends) {
            List<End> group = null;
            for (List<End> candidate : groups) {
                End first = candidate.get(0);
                if (first.status == end.status && first.delete == end.delete) {
                    group = candidate;
                    break;
                }
            }
            if (group == null) {
                group = new ArrayList<>(ends.size());
                groups.add(group);
            }
            group.add(end);
            lockFreed |= end.job.lock() != null;
        }
        for (List<End> group : groups) {
            List<Long> ids = new ArrayList<>(group.size());
            for (End end : group) {
                ids.add(end.job.id());
            }
            End first = group.get(0);
            try {
                persist.persist(() -> jobManager.finishJobs(ids, first.status, first.delete), group.size() > 1);
            } catch (ProcrastinateException e) {
                LOG.debug("batch finish refused ({}); finishing one by one", e.getMessage());
                for (End end : group) {
                    persist.persist(() -> jobManager.finishJob(end.job.id(), end.status, end.delete), false);
                }
            }
        }
        if (lockFreed) {
            onLockFreed.run();
        }
    }
}
