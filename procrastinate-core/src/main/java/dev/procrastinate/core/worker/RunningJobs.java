package dev.procrastinate.core.worker;

import dev.procrastinate.api.Job;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The jobs a worker holds: those running, and those claimed and not yet ended (running, or their end being written).
 * Claims and the sweep for lost claims take turns, so that the sweep never mistakes a claim under way for a lost one.
 * Thread-safe.
 */
final class RunningJobs {

    private final Map<Long, RunningJob> running = new ConcurrentHashMap<>();
    private final Set<Long> inHand = ConcurrentHashMap.newKeySet();
    private final Object claiming = new Object();

    /** Runs the claim and takes its jobs in hand, in one turn. */
    List<Job> claim(Supplier<List<Job>> claim) {
        synchronized (claiming) {
            List<Job> jobs = claim.get();
            for (Job job : jobs) {
                inHand.add(job.id());
            }
            return jobs;
        }
    }

    /** The jobs {@code doing} lists that this worker does not hold, read in one turn with the claims. */
    List<Job> notInHand(Supplier<List<Job>> doing) {
        synchronized (claiming) {
            return doing.get().stream().filter(job -> !inHand.contains(job.id())).toList();
        }
    }

    void started(RunningJob job) {
        running.put(job.job.id(), job);
    }

    /** The job's end was written (or refused, or the job not started): it is no longer in hand. */
    void endWritten(long jobId) {
        inHand.remove(jobId);
    }

    /** The job gives its slot back and leaves the running set (once, whoever calls first). */
    void release(RunningJob job) {
        if (job.markReleased()) {
            synchronized (this) {
                running.remove(job.job.id());
                notifyAll();
            }
            job.onRelease().run();
        }
    }

    RunningJob get(long jobId) {
        return running.get(jobId);
    }

    Collection<RunningJob> all() {
        return running.values();
    }

    List<Long> ids() {
        return List.copyOf(running.keySet());
    }

    int size() {
        return running.size();
    }

    boolean isEmpty() {
        return running.isEmpty();
    }

    void abortAll(AbortReason reason) {
        running.values().forEach(job -> job.abort(reason));
    }

    /** Waits until no job runs; false when the timeout passed first. */
    synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        return true;
    }
}
