package dev.procrastinate.faults;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What a scenario left behind, judged against the suite's rules. */
record Outcome(
        long jobs,
        long lost,
        Map<String, Long> statuses,
        List<String> firstNotSucceeded,
        long succeededWithoutRun,
        Set<Long> ranTwice,
        Set<Long> allowedTwice,
        Set<Long> unexpectedTwice,
        List<String> overlaps,
        List<WorkerProcess> deadBeforeStop,
        List<WorkerProcess> idleAtTheEnd,
        List<WorkerProcess> noGracefulExit,
        boolean noMissedAwait) {

    boolean ok() {
        return lost == 0 && succeededWithoutRun == 0 && unexpectedTwice.isEmpty() && overlaps.isEmpty()
                && deadBeforeStop.isEmpty() && idleAtTheEnd.isEmpty() && noGracefulExit.isEmpty() && noMissedAwait;
    }

    FaultReport.Row row(String scenario, String connector, double seconds) {
        String twice = ranTwice.size() + (ranTwice.isEmpty() ? "" : " (" + (ranTwice.size() - unexpectedTwice.size())
                + " allowed)");
        return new FaultReport.Row(scenario, connector, jobs, lost, twice, seconds, ok() ? "ok" : "FAILED");
    }

    String describe(String scenario, String connector, List<String> notes, List<WorkerProcess> processes) {
        StringBuilder text = new StringBuilder();
        text.append("scenario '").append(scenario).append("' on ").append(connector).append(" failed:\n");
        text.append("  jobs ").append(jobs).append(", not succeeded (lost) ").append(lost).append(", by status ")
                .append(statuses).append('\n');
        if (!firstNotSucceeded.isEmpty()) {
            text.append("  first jobs not succeeded: ").append(firstNotSucceeded).append('\n');
        }
        if (succeededWithoutRun > 0) {
            text.append("  succeeded without any recorded run: ").append(succeededWithoutRun).append('\n');
        }
        text.append("  ran twice: ").append(ranTwice.size()).append(", allowed (running in the killed or frozen ")
                .append("process): ").append(allowedTwice.size()).append(", ran twice without being allowed: ")
                .append(unexpectedTwice.size()).append(' ').append(limit(unexpectedTwice)).append('\n');
        text.append("  runs of one job overlapping in time: ").append(overlaps.size()).append(' ')
                .append(limit(overlaps)).append('\n');
        if (!deadBeforeStop.isEmpty()) {
            text.append("  processes that died by themselves: ").append(deadBeforeStop).append('\n');
        }
        if (!idleAtTheEnd.isEmpty()) {
            text.append("  processes alive at the end that ran none of the final batch: ").append(idleAtTheEnd)
                    .append('\n');
        }
        if (!noGracefulExit.isEmpty()) {
            text.append("  processes that did not exit within ").append(FaultRun.STOP_PATIENCE.toSeconds())
                    .append(" s of SIGTERM: ").append(noGracefulExit).append('\n');
        }
        notes.forEach(note -> text.append("  ").append(note).append('\n'));
        text.append("  logs:\n");
        processes.forEach(process -> text.append("    ").append(process.log()).append(" (pid ")
                .append(process.pid()).append(", worker ids ").append(process.workerIds()).append(")\n"));
        return text.toString();
    }

    private static String limit(java.util.Collection<?> items) {
        return items.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", ", "[",
                items.size() > 10 ? ", …]" : "]"));
    }
}
