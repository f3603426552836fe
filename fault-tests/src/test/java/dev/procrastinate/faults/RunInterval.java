package dev.procrastinate.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One recorded run of a job: which process (and worker id) ran it, from when to when. */
record RunInterval(long jobId, long pid, Long workerId, Instant startedAt, Instant endedAt) {

    /**
     * Pairs of runs of one job that executed at the same time. A run of the frozen process that spans its freeze
     * did not execute during it, so it is taken as two pieces, before the SIGSTOP and after the SIGCONT.
     */
    static List<String> overlaps(List<RunInterval> runs, FaultRun.Freeze freeze) {
        List<RunInterval> pieces = new ArrayList<>();
        for (RunInterval run : runs) {
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
