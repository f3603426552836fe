package dev.procrastinate.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One recorded run of a job: which process (and worker id) ran it, from when to when. */
record RunInterval(long jobId, long pid, Long workerId, Instant startedAt, Instant endedAt) {

    /** How long after SIGCONT the frozen process's already begun runs may reach their first line. */
    static final Duration RESUME_WINDOW = Duration.ofMillis(500);

    /**
     * Pairs of runs of one job that executed at the same time. A run of the frozen process that spans its freeze
     * did not execute during it, so it is taken as two pieces, before the SIGSTOP and after the SIGCONT.
     */
    static List<String> overlaps(List<RunInterval> runs, FaultRun.Freeze freeze) {
        return overlaps(runs, freeze, Set.of());
    }

    /**
     * {@link #overlaps(List, FaultRun.Freeze)}, also excusing, for the runs that the frozen process had already begun
     * ({@code held}: its jobs at the SIGSTOP), what they execute in the first {@link #RESUME_WINDOW} after SIGCONT:
     * the worker checked that it owned them before the freeze, and task code that resumes runs on until the worker
     * notices and interrupts it (README, "Delivery guarantee"). What they execute after that window still counts.
     */
    static List<String> overlaps(List<RunInterval> runs, FaultRun.Freeze freeze, Set<Long> held) {
        List<RunInterval> pieces = new ArrayList<>();
        for (RunInterval run : runs) {
            if (freeze != null && run.pid == freeze.pid() && held.contains(run.jobId)
                    && run.endedAt.isAfter(freeze.stoppedAt())) {
                if (run.startedAt.isBefore(freeze.stoppedAt())) {
                    pieces.add(new RunInterval(run.jobId, run.pid, run.workerId, run.startedAt, freeze.stoppedAt()));
                }
                Instant resumed = freeze.continuedAt().plus(RESUME_WINDOW);
                if (run.endedAt.isAfter(resumed)) {
                    Instant from = run.startedAt.isAfter(resumed) ? run.startedAt : resumed;
                    pieces.add(new RunInterval(run.jobId, run.pid, run.workerId, from, run.endedAt));
                }
                continue;
            }
            if (freeze != null && run.pid == freeze.pid() && run.startedAt.isBefore(freeze.stoppedAt())
                    && run.endedAt.isAfter(freeze.stoppedAt())) {
                pieces.add(new RunInterval(run.jobId, run.pid, run.workerId, run.startedAt, freeze.stoppedAt()));
                if (run.endedAt.isAfter(freeze.continuedAt())) {
                    pieces.add(new RunInterval(run.jobId, run.pid, run.workerId, freeze.continuedAt(), run.endedAt));
                }
            } else {
                pieces.add(run);
            }
        }
        List<String> overlaps = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            for (int j = i + 1; j < pieces.size(); j++) {
                RunInterval a = pieces.get(i);
                RunInterval b = pieces.get(j);
                if (a.jobId == b.jobId && (a.pid != b.pid || !a.startedAt.equals(b.startedAt))
                        && a.startedAt.isBefore(b.endedAt) && b.startedAt.isBefore(a.endedAt)) {
                    overlaps.add("job " + a.jobId + ": " + a.describe() + " and " + b.describe());
                }
            }
        }
        return overlaps;
    }

    String describe() {
        return "pid " + pid + " (worker " + workerId + ") " + startedAt + ".." + endedAt;
    }
}
